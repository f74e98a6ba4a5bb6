//! The sample office a new user can load to explore PatchDesk before importing their own
//! machines. Each issue that adds a kind of data adds its part here, built from the real
//! fixture files, never from invented results.

use serde::Serialize;

use crate::i18n::Lang;
use crate::store::{AuditAction, OfficeProfile, Store, StoreResult};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SampleOfficeReport {
    pub office: OfficeProfile,
}

/// The sample office's profile, named in the admin's language.
pub fn sample_office_profile(lang: Lang) -> OfficeProfile {
    OfficeProfile {
        name: lang.tr("sample.office_name").into_owned(),
        admin_name: lang.tr("sample.admin_name").into_owned(),
        admin_email: "it-admin@sakura-kaikei.example".to_owned(),
    }
}

/// Loads the sample office into `store` (audited as `sample_office.load`).
pub fn load_sample_office(store: &mut Store, lang: Lang) -> StoreResult<SampleOfficeReport> {
    let office = sample_office_profile(lang);
    store.set_office_profile(&office, AuditAction::SampleOfficeLoaded)?;
    Ok(SampleOfficeReport { office })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loading_the_sample_sets_the_office_and_is_audited() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("db.sqlite")).unwrap();
        let report = load_sample_office(&mut store, Lang::Ja).unwrap();
        assert_eq!(report.office.name, "さくら会計事務所（サンプル）");
        assert_eq!(store.office_profile().unwrap(), Some(report.office));
        assert_eq!(
            store.audit_entries(None).unwrap()[0].action,
            "sample_office.load"
        );
    }
}
