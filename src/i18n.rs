//! Japanese and English. Every user-visible string goes through [`Lang::tr`] or [`Lang::trf`];
//! the texts live in `locales/en.yml` and `locales/ja.yml`.

use std::borrow::Cow;
use std::fmt::Display;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[serde(rename = "ja")]
    Ja,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// The locale code used by the translation files.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// The language's own name, shown in the language picker whatever the current language is.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Ja => "日本語",
            Lang::En => "English",
        }
    }

    /// Parses OS and user locale spellings: `ja`, `ja-JP`, `ja_JP.UTF-8`, `en-US`, `EN`.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "ja" | "jp" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The OS language when it is one we speak, otherwise English.
    pub fn detect() -> Lang {
        sys_locale::get_locales()
            .find_map(|code| Lang::from_code(&code))
            .unwrap_or(Lang::En)
    }

    /// The text for `key` in this language.
    pub fn tr(self, key: &str) -> Cow<'static, str> {
        // A missing key comes back as the key itself, borrowed from the caller; the test
        // `every_key_exists_in_both_languages` keeps that from happening.
        Cow::Owned(rust_i18n::t!(key, locale = self.code()).into_owned())
    }

    /// The text for `key` with `%{name}` placeholders filled in.
    pub fn trf(self, key: &str, args: &[(&str, &dyn Display)]) -> String {
        let names: Vec<&str> = args.iter().map(|(name, _)| *name).collect();
        let values: Vec<String> = args.iter().map(|(_, value)| value.to_string()).collect();
        let text = rust_i18n::replace_patterns(&self.tr(key), &names, &values);
        // A placeholder left unfilled is a missing argument at the call site.
        debug_assert!(
            !text.contains("%{"),
            "unfilled placeholder in {key}: {text}"
        );
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(lang: Lang) -> BTreeSet<String> {
        crate::_rust_i18n_backend()
            .messages_for_locale(lang.code())
            .unwrap_or_default()
            .into_iter()
            .map(|(key, _)| key.into_owned())
            .collect()
    }

    #[test]
    fn every_key_exists_in_both_languages() {
        let ja = keys(Lang::Ja);
        let en = keys(Lang::En);
        assert!(
            en.len() > 50,
            "English table looks empty: {} keys",
            en.len()
        );
        let only_en: Vec<_> = en.difference(&ja).collect();
        let only_ja: Vec<_> = ja.difference(&en).collect();
        assert!(only_en.is_empty(), "missing in ja.yml: {only_en:?}");
        assert!(only_ja.is_empty(), "missing in en.yml: {only_ja:?}");
    }

    #[test]
    fn placeholders_match_between_languages() {
        let placeholders = |text: &str| -> BTreeSet<String> {
            text.split("%{")
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
                .collect()
        };
        for key in keys(Lang::En) {
            assert_eq!(
                placeholders(&Lang::En.tr(&key)),
                placeholders(&Lang::Ja.tr(&key)),
                "placeholders differ for {key}"
            );
        }
    }

    #[test]
    fn translates_and_fills_placeholders() {
        assert_eq!(Lang::Ja.tr("nav.assess"), "1 査定");
        assert_eq!(Lang::En.tr("nav.assess"), "1 Assess");
        assert_eq!(
            Lang::En.trf("status.jobs_running", &[("count", &3)]),
            "3 jobs running"
        );
    }

    #[test]
    fn parses_os_locale_spellings() {
        assert_eq!(Lang::from_code("ja_JP.UTF-8"), Some(Lang::Ja));
        assert_eq!(Lang::from_code("ja-JP"), Some(Lang::Ja));
        assert_eq!(Lang::from_code("en-US"), Some(Lang::En));
        assert_eq!(Lang::from_code("de-DE"), None);
        assert_eq!(Lang::from_code("C"), None);
    }
}
