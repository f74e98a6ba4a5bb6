//! The Hotfix(s) field: a count line (`6 Hotfix(s) Installed.`, `93 Corrections installées.`)
//! then one `[NN]: KB…` line per hotfix. XP lists other things too (`File 1`, `Q147222`,
//! `KB2510531-IE8 - Update`) and cuts long lists short; both are said, not hidden.

use std::collections::HashSet;

use super::labels::Field;
use super::{Problem, Record, excerpt};
use crate::inventory::model::{InstalledUpdate, normalize_kb};

/// The record's KBs in listed order, without repeats.
pub(super) fn installed_updates(
    record: &Record,
    problems: &mut Vec<Problem>,
) -> Vec<InstalledUpdate> {
    let Some(entry) = record.entry(Field::Hotfixes) else {
        problems.push(Problem::at(
            record.line,
            "no Hotfix(s) field in this record (cut short?): its installed updates are unknown",
        ));
        return Vec::new();
    };
    let mut kbs = Vec::new();
    let mut seen = HashSet::new();
    let mut listed = 0usize;
    let mut not_kb_count = 0usize;
    let mut first_not_kb: Option<(usize, &str)> = None;
    for continuation in &entry.continuation {
        let Some(item) = numbered_item(&continuation.text) else {
            problems.push(Problem::at(
                continuation.line,
                format!(
                    "unreadable hotfix line `{}` (expected `[NN]: KB…`); ignored",
                    excerpt(&continuation.text)
                ),
            ));
            continue;
        };
        listed += 1;
        match normalize_kb(item) {
            Some(kb) => {
                if seen.insert(kb.clone()) {
                    kbs.push(kb);
                }
            }
            None => {
                not_kb_count += 1;
                first_not_kb.get_or_insert((continuation.line, item));
            }
        }
    }
    if let Some(announced) = first_number(&entry.value)
        && announced != listed
    {
        problems.push(Problem::at(
            entry.line,
            format!("{announced} hotfixes announced but {listed} listed: the list is incomplete"),
        ));
    }
    if let Some((line, example)) = first_not_kb {
        problems.push(Problem::at(
            line,
            format!(
                "{not_kb_count} hotfix entries are not KB numbers (such as `{}`); skipped",
                excerpt(example)
            ),
        ));
    }
    kbs.into_iter()
        .map(|kb| InstalledUpdate {
            kb,
            installed_on: None,
            description: None,
        })
        .collect()
}

/// `[01]: KB5017264` → `KB5017264`; French puts a space before the colon (`[01] : …`).
fn numbered_item(text: &str) -> Option<&str> {
    let (number, rest) = text.strip_prefix('[')?.split_once(']')?;
    if number.is_empty() || !number.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let rest = rest.trim_start();
    let item = rest.strip_prefix(':').or_else(|| rest.strip_prefix('：'))?;
    Some(item.trim())
}

/// The first number in a count line: `4 ホットフィックスがインストールされています。` → 4.
fn first_number(text: &str) -> Option<usize> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let digits = text.get(start..)?;
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    digits.get(..end)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_items_in_every_spacing() {
        assert_eq!(numbered_item("[01]: KB2491683"), Some("KB2491683"));
        assert_eq!(
            numbered_item("[01]\u{a0}: Intel64 Family 6"),
            Some("Intel64 Family 6")
        );
        assert_eq!(numbered_item("[221"), None);
        assert_eq!(numbered_item("[]: KB1"), None);
        assert_eq!(numbered_item("Connection Name: Ethernet"), None);
    }

    #[test]
    fn count_lines_in_several_languages() {
        assert_eq!(first_number("6 Hotfix(s) Installed."), Some(6));
        assert_eq!(first_number("安装了 12 个修补程序。"), Some(12));
        assert_eq!(first_number("N/A"), None);
    }
}
