use std::collections::{BTreeSet, HashSet};

use chrono::{DateTime, SubsecRound, Utc};

use super::catalog::{CURRENT_MONTH, Product};
use super::office::{DemoMachine, Layout, TextEncoding, UpdateKind, VARIANTS};
use super::*;
use crate::importers::{ImporterRegistry, preview};
use crate::inventory::OsBuild;

fn options(machines: usize, seed: u64) -> GenerateOptions {
    GenerateOptions { machines, seed }
}

fn machines(options: GenerateOptions) -> Vec<DemoMachine> {
    let mut machines = Vec::new();
    for_each_machine(options, |machine| {
        machines.push(machine);
        Ok(())
    })
    .unwrap();
    machines
}

#[test]
fn every_file_imports_as_one_named_machine_in_its_format_and_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let summary = generate_into(dir.path(), options(40, DEFAULT_SEED)).unwrap();
    assert_eq!(summary.files, 40);
    let files = generate(options(40, DEFAULT_SEED));
    let machines = machines(options(40, DEFAULT_SEED));
    let registry = ImporterRegistry::with_builtin_importers();

    let mut hostnames = HashSet::new();
    let mut layouts = BTreeSet::new();
    let mut encodings = BTreeSet::new();
    for (file, machine) in files.iter().zip(&machines) {
        let path = dir.path().join(&file.name);
        let preview = preview(&registry, &path).unwrap_or_else(|failure| {
            panic!("{}: {}", file.name, failure.describe(crate::i18n::Lang::En))
        });
        assert_eq!(preview.format_id(), file.format_id(), "{}", file.name);
        assert_eq!(
            preview.encoding(),
            file.encoding.detected_name(),
            "{}",
            file.name
        );
        assert!(
            preview.problems().is_empty(),
            "{}: {:?}",
            file.name,
            preview.problems()
        );
        let [report] = preview.machines() else {
            panic!("{}: {} machines", file.name, preview.machines().len());
        };
        assert_eq!(report.hostname, file.hostname, "{}", file.name);
        assert!(file.name.starts_with(&format!("{}-", report.hostname)));
        assert!(
            hostnames.insert(report.hostname.clone()),
            "{} twice",
            report.hostname
        );
        layouts.insert(file.layout);
        encodings.insert(preview.encoding());

        // What the importer read is what the machine has.
        let expected_kbs: Vec<&str> = match file.layout {
            Layout::Collector => {
                // Get-HotFix's entries, then the history's new ones (the removal tool).
                let mut kbs: Vec<&str> = machine.hotfixes().map(|u| u.kb).collect();
                kbs.push(super::catalog::MSRT_KB);
                kbs
            }
            _ => machine.hotfixes().map(|u| u.kb).collect(),
        };
        let read_kbs: Vec<&str> = report.updates.iter().map(|u| u.kb.as_str()).collect();
        assert_eq!(read_kbs, expected_kbs, "{}", file.name);
        let info = machine.product.info();
        let expected_build = match file.layout {
            Layout::GetHotFixCsv => None,
            Layout::Collector => Some(OsBuild::new(10, 0, info.build, machine.revision())),
            _ => Some(OsBuild::new(10, 0, info.build, None)),
        };
        assert_eq!(report.os_build, expected_build, "{}", file.name);
        if file.layout != Layout::GetHotFixCsv {
            assert_eq!(
                report.os_name.as_deref(),
                Some(machine.os_name().replace('\u{a0}', " ").as_str()),
                "{}",
                file.name
            );
            assert_eq!(
                report.last_boot.map(|t| t.naive_utc().trunc_subsecs(0)),
                Some(machine.booted_at - chrono::Duration::hours(9))
                    .filter(|_| file.layout == Layout::Collector)
                    .or(Some(machine.booted_at)),
                "{}",
                file.name
            );
        }
        if matches!(file.layout, Layout::GetHotFixCsv | Layout::Collector) {
            let dates: Vec<_> = report.updates.iter().map(|u| u.installed_on).collect();
            let expected: Vec<_> = machine
                .updates
                .iter()
                .filter(|u| file.layout == Layout::Collector || u.kind != UpdateKind::Msrt)
                .map(|u| Some(u.installed_on))
                .collect();
            let mut sorted_dates = dates.clone();
            sorted_dates.sort();
            let mut sorted_expected = expected.clone();
            sorted_expected.sort();
            assert_eq!(sorted_dates, sorted_expected, "{}", file.name);
        }
        let written_at: DateTime<Utc> = (file.written_at - chrono::Duration::hours(9)).and_utc();
        assert_eq!(preview.written_at, written_at, "{}", file.name);
    }
    assert_eq!(
        layouts.into_iter().collect::<Vec<_>>(),
        [
            Layout::SysteminfoList,
            Layout::SysteminfoCsv,
            Layout::GetHotFixCsv,
            Layout::Collector
        ]
    );
    for encoding in ["Shift_JIS (CP932)", "UTF-16LE", "UTF-8", "CP850"] {
        assert!(
            encodings.contains(encoding),
            "no {encoding} file: {encodings:?}"
        );
    }
    // Every variant (format × language × encoding) at least once.
    let variants: HashSet<_> = machines.iter().map(|m| m.variant).collect();
    assert_eq!(variants.len(), VARIANTS.len());
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    let first = generate(options(60, 7));
    let second = generate(options(60, 7));
    assert_eq!(first, second);
    let other = generate(options(60, 8));
    assert_ne!(first, other);

    let dir_a = tempfile::tempdir().unwrap();
    let dir_b = tempfile::tempdir().unwrap();
    generate_into(dir_a.path(), options(20, 7)).unwrap();
    generate_into(dir_b.path(), options(20, 7)).unwrap();
    for file in generate(options(20, 7)) {
        let a = std::fs::read(dir_a.path().join(&file.name)).unwrap();
        let b = std::fs::read(dir_b.path().join(&file.name)).unwrap();
        assert_eq!(a, file.bytes, "{}", file.name);
        assert_eq!(a, b, "{}", file.name);
    }
}

#[test]
fn hostnames_look_like_an_office_and_never_repeat() {
    let machines = machines(options(3000, DEFAULT_SEED));
    let mut seen = HashSet::new();
    for machine in &machines {
        assert!(
            seen.insert(machine.hostname.clone()),
            "{}",
            machine.hostname
        );
        let (prefix, rest) = machine.hostname.split_once('-').unwrap();
        assert!(
            ["SOUMU", "EIGYO", "KEIRI", "KAIHATSU", "SRV"].contains(&prefix),
            "{}",
            machine.hostname
        );
        assert!(
            rest.ends_with(|c: char| c.is_ascii_digit()),
            "{}",
            machine.hostname
        );
        assert!(
            machine.hostname.len() <= 15,
            "{} is no NetBIOS name",
            machine.hostname
        );
        assert_eq!(
            machine.is_server(),
            matches!(machine.product, Product::Server2019 | Product::Server2022)
        );
    }
    assert!(seen.contains("SOUMU-PC01") && seen.contains("EIGYO-NB12"));
    assert!(seen.contains("SRV-DC01") && seen.contains("SRV-FILE01"));
}

#[test]
fn most_machines_are_one_or_two_months_behind() {
    let machines = machines(options(1000, DEFAULT_SEED));
    let at = |month: usize| machines.iter().filter(|m| m.month == month).count();
    let behind = at(CURRENT_MONTH - 1) + at(CURRENT_MONTH - 2);
    assert!(behind > 600, "{behind} of 1000 one or two months behind");
    assert!(
        (50..250).contains(&at(CURRENT_MONTH)),
        "{} current",
        at(CURRENT_MONTH)
    );
    assert!((40..200).contains(&at(0)), "{} very stale", at(0));
    for machine in &machines {
        // The last update installed is the month's cumulative update, before the inventory.
        let cumulative = machine.product.info().cumulative[machine.month].kb;
        assert!(machine.hotfixes().any(|u| u.kb == cumulative));
        for update in &machine.updates {
            assert!(update.installed_on < machine.collected_at.date());
            assert!(update.month <= machine.month);
        }
        assert!(machine.booted_at < machine.collected_at);
        assert!(machine.installed_at < machine.booted_at);
    }
}

#[test]
fn kb_chains_are_the_msrc_ones() {
    // The chain the domain notes' golden cases walk, and its builds (FixedBuild in MSRC).
    let windows_10 = Product::Windows10_22H2.info();
    let kbs: Vec<&str> = windows_10.cumulative.iter().map(|c| c.kb).collect();
    assert_eq!(kbs, ["KB5018410", "KB5019959", "KB5021233", "KB5022282"]);
    let revisions: Vec<Option<u32>> = windows_10.cumulative.iter().map(|c| c.revision).collect();
    assert_eq!(revisions, [Some(2130), Some(2251), Some(2364), Some(2486)]);
    assert_eq!(Product::Server2022.info().cumulative[3].kb, "KB5022291");
    assert_eq!(Product::Server2019.info().cumulative[3].kb, "KB5022286");
    assert_eq!(Product::Windows11_22H2.info().cumulative[3].kb, "KB5022303");
}

#[test]
fn encodings_are_the_writers() {
    assert_eq!(
        encode("Größe\u{a0}é", TextEncoding::Cp850),
        b"Gr\x94\xe1e\xff\x82"
    );
    assert_eq!(encode("AUTORITÄT", TextEncoding::Ascii), b"AUTORIT?T");
    assert_eq!(encode("KB", TextEncoding::Utf16Le), b"\xff\xfeK\0B\0");
    assert_eq!(
        encode("ホスト名", TextEncoding::Cp932),
        b"\x83z\x83X\x83g\x96\xbc"
    );
}

/// Where `import inventory`'s time goes, per phase and per kind of file. Not a check: run
/// `cargo test --release --lib demo::generate::tests::import_phase_timings -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, run by hand in release mode"]
fn import_phase_timings() {
    use std::collections::BTreeMap;
    use std::time::{Duration as Elapsed, Instant};

    use crate::importers::commit;
    use crate::inventory::{decode::decode, read};
    use crate::store::Store;

    let count = 2000;
    let dir = tempfile::tempdir().unwrap();
    generate_into(dir.path(), options(count, DEFAULT_SEED)).unwrap();
    let files = generate(options(count, DEFAULT_SEED));
    let registry = ImporterRegistry::with_builtin_importers();
    let mut store = Store::open(dir.path().join("timing.db")).unwrap();

    let phases = [
        "route", "fs::read", "decode", "detect", "parse", "preview", "commit",
    ];
    let mut totals: BTreeMap<&str, Elapsed> = BTreeMap::new();
    let mut by_kind: BTreeMap<String, (usize, Elapsed, Elapsed)> = BTreeMap::new();
    let all = Instant::now();
    for file in &files {
        let path = dir.path().join(&file.name);
        let mut time = |phase: &'static str, start: Instant| {
            *totals.entry(phase).or_default() += start.elapsed();
        };
        let start = Instant::now();
        registry.route(&path).unwrap();
        time("route", start);
        let start = Instant::now();
        let bytes = std::fs::read(&path).unwrap();
        time("fs::read", start);
        let start = Instant::now();
        let decoded = decode(&bytes);
        time("decode", start);
        let start = Instant::now();
        let format = read::detect(&decoded.text).unwrap();
        time("detect", start);
        let start = Instant::now();
        (format.parse)(&decoded.text).unwrap();
        let parse = start.elapsed();
        time("parse", start);
        // What the CLI does: preview (route, read, decode, detect, parse again), then commit.
        let start = Instant::now();
        let previewed = preview(&registry, &path).unwrap();
        let read_time = start.elapsed();
        time("preview", start);
        let start = Instant::now();
        commit(&mut store, &previewed).unwrap();
        time("commit", start);
        let kind = format!("{:?} {:?}", file.layout, file.encoding);
        let entry = by_kind.entry(kind).or_default();
        entry.0 += 1;
        entry.1 += read_time;
        entry.2 += parse;
    }
    let per_thousand =
        |elapsed: Elapsed, n: usize| elapsed.as_secs_f64() * 1000.0 * 1000.0 / n as f64;
    println!(
        "{count} files in {:.2} s (measured phases run twice)",
        all.elapsed().as_secs_f64()
    );
    for phase in phases {
        println!(
            "{phase:>10}: {:7.1} ms per 1000 files",
            per_thousand(totals[phase], count)
        );
    }
    for (kind, (n, read_time, parse)) in by_kind {
        println!(
            "{kind:>32}: {n:5} files, preview {:6.1} ms/1000, of which parse {:6.1} ms/1000",
            per_thousand(read_time, n),
            per_thousand(parse, n)
        );
    }
}
