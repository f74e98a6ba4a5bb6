//! The sample office a new user can load to explore PatchDesk before importing their own
//! machines. Each issue that adds a kind of data adds its part here, built from real fixture
//! files (see `assets/sample/README.md`), never from invented results.

pub mod generate;
mod sample_files;

use chrono::{Duration, Utc};
use serde::Serialize;

use crate::i18n::Lang;
use crate::inventory::read;
use crate::store::{AuditAction, OfficeProfile, ScanSource, Store, StoreResult};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SampleOfficeReport {
    pub office: OfficeProfile,
    pub machines: usize,
    pub groups: usize,
    /// Catalog files imported (MSRC documents, KEV, bulletins).
    pub catalogs: usize,
}

/// The sample office's profile, named in the admin's language.
pub fn sample_office_profile(lang: Lang) -> OfficeProfile {
    OfficeProfile {
        name: lang.tr("sample.office_name").into_owned(),
        admin_name: lang.tr("sample.admin_name").into_owned(),
        admin_email: "it-admin@sakura-kaikei.example".to_owned(),
    }
}

/// Loads the sample office into `store`: the profile (audited as `sample_office.load`), the
/// machines of the real inventory files in `assets/sample/inventory`, and rings and groups.
/// `progress` is told each file as it goes in.
pub fn load_sample_office(
    store: &mut Store,
    lang: Lang,
    mut progress: impl FnMut(usize, usize, &str),
) -> StoreResult<SampleOfficeReport> {
    let office = sample_office_profile(lang);
    store.set_office_profile(&office, AuditAction::SampleOfficeLoaded)?;
    let now = Utc::now();
    let mut machines = 0;
    for (index, (name, bytes)) in sample_files::INVENTORY.iter().enumerate() {
        progress(index, sample_files::INVENTORY.len(), name);
        let inventory = read::read(bytes)
            .unwrap_or_else(|problem| panic!("bundled sample {name} no longer imports: {problem}"));
        // Files that do not date themselves are dated as if collected over the last weeks, so
        // that the sample shows both fresh and stale scans.
        let days_ago = i64::try_from(index * 4).unwrap_or(0);
        store.store_scans(
            &ScanSource {
                file: name,
                format: inventory.format,
                written_at: now - Duration::days(days_ago),
                lists_updates: inventory.lists_updates,
                lists_programs: inventory.lists_programs,
            },
            &inventory.parsed.machines,
        )?;
        machines += inventory.parsed.machines.len();
    }
    let rings: [(&str, &[&str]); 3] = [
        ("sample.ring_pilot", &["SOUMU-PC01", "DESKTOP"]),
        (
            "sample.ring_wave1",
            &["SOUMU-PC02", "PC044", "DESKTOP-LOQ9L09", "test"],
        ),
        (
            "sample.ring_wave2",
            &["WIN-IDKKFN87EL8", "WIN81U1X64", "pc-arg-23", "WINXPSP3"],
        ),
    ];
    for (key, members) in rings {
        let name = lang.tr(key);
        store.create_group(&name, true, None)?;
        let members: Vec<String> = members.iter().map(|m| (*m).to_owned()).collect();
        store.assign_to_group(&name, &members)?;
    }
    store.create_group(&lang.tr("sample.group_soumu"), false, Some("SOUMU-*"))?;
    let servers = lang.tr("sample.group_servers");
    store.create_group(&servers, false, None)?;
    store.assign_to_group(
        &servers,
        &["WIN-O863JARO7CM", "MYSERVER", "SRV12R2U1X64"].map(str::to_owned),
    )?;
    let catalogs = load_sample_catalogs(store, |index, name| {
        progress(
            sample_files::INVENTORY.len() + index,
            sample_files::INVENTORY.len() + sample_files::CATALOGS.len(),
            name,
        )
    })?;
    Ok(SampleOfficeReport {
        office,
        machines,
        groups: 5,
        catalogs,
    })
}

/// The bundled real catalog files: (name, bytes).
pub fn sample_catalogs() -> &'static [(&'static str, &'static [u8])] {
    sample_files::CATALOGS
}

/// Imports the bundled catalogs through the catalog importer, as if dropped on the window,
/// and matches the machines against them.
fn load_sample_catalogs(
    store: &mut Store,
    mut progress: impl FnMut(usize, &str),
) -> StoreResult<usize> {
    use crate::importers::CatalogImporter;

    let mut read = Vec::with_capacity(sample_files::CATALOGS.len());
    for (index, (name, bytes)) in sample_files::CATALOGS.iter().enumerate() {
        progress(index, name);
        let catalog = CatalogImporter::read_bytes(name, bytes).unwrap_or_else(|problem| {
            panic!("bundled sample catalog {name} no longer imports: {problem}")
        });
        read.push((*name, catalog));
    }
    let batch: Vec<_> = read
        .iter()
        .map(|(name, catalog)| catalog.batch_file(name))
        .collect();
    let (results, _) = store.store_batch(&batch)?;
    for result in results {
        result?;
    }
    Ok(read.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_office_holds_the_real_fixture_machines_in_rings_and_groups() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("db.sqlite")).unwrap();
        let mut files_seen = 0;
        let report = load_sample_office(&mut store, Lang::Ja, |_, _, _| files_seen += 1).unwrap();
        assert_eq!(report.office.name, "さくら会計事務所（サンプル）");
        assert_eq!(
            files_seen,
            sample_files::INVENTORY.len() + sample_files::CATALOGS.len()
        );
        assert_eq!(report.catalogs, sample_files::CATALOGS.len());
        assert_eq!(store.office_profile().unwrap(), Some(report.office));

        let machines = store.machines().unwrap();
        assert_eq!(machines.len(), report.machines);
        assert_eq!(machines.len(), 13);
        let pc01 = machines
            .iter()
            .find(|m| m.hostname == "SOUMU-PC01")
            .unwrap();
        assert_eq!(pc01.os_build.as_deref(), Some("10.0.19045"));
        assert_eq!(pc01.groups, ["パイロット", "総務部"]);
        let pc02 = machines
            .iter()
            .find(|m| m.hostname == "SOUMU-PC02")
            .unwrap();
        assert_eq!(pc02.os_build.as_deref(), Some("10.0.22631.2861"));
        let xp = machines.iter().find(|m| m.hostname == "WINXPSP3").unwrap();
        assert_eq!(xp.os_build.as_deref(), Some("5.1.2600"));

        let groups = store.groups().unwrap();
        let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(
            names,
            ["パイロット", "第 1 陣", "第 2 陣", "サーバー", "総務部"]
        );
        assert!(groups.iter().all(|g| !g.machines.is_empty()));
        let actions: Vec<String> = store
            .audit_entries(None)
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert!(actions.contains(&"sample_office.load".to_owned()));

        // The catalogs are in, and matching found what the real files say.
        let summary = store.findings_summary().unwrap();
        assert_eq!(summary.documents, 8, "6 MSRC documents and 2 bulletins");
        assert_eq!(summary.kev_version.as_deref(), Some("2025.08.25"));
        assert!(summary.machines_at_risk >= 10, "{summary:?}");
        let desktop = store.machine_id_by_host("DESKTOP").unwrap();
        let findings = store
            .findings(&crate::store::FindingsQuery {
                machine_id: desktop,
                ..Default::default()
            })
            .unwrap();
        let alpc = findings
            .iter()
            .find(|f| f.cve == "CVE-2023-21674")
            .expect("Windows 10 21H2 of 2022 misses January 2023's ALPC fix");
        assert_eq!(alpc.kb.as_deref(), Some("KB5022282"));
        assert!(alpc.kev);
    }
}
