use std::path::PathBuf;

use super::*;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/msrc")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn xml(name: &str) -> CvrfDocument {
    let text = fixture(&format!("cvrfDocument-{name}.xml"));
    parse_xml(&text).unwrap_or_else(|p| panic!("{name}: {p}"))
}

const XML_FIXTURES: [&str; 6] = [
    "2017-Feb", "2020-Dec", "2022-Dec", "2022-Nov", "2023-Jan", "Oct-OOB",
];

const W10_22H2_X64: &str = "Windows 10 Version 22H2 for x64-based Systems";

#[test]
fn the_xml_and_json_twins_parse_to_the_same_document() {
    let from_xml = xml("2020-Dec");
    let from_json = parse_json(&fixture("cvrf-2020-Dec.json")).expect("json parses");
    assert_eq!(from_xml.vulnerabilities.len(), 59);
    assert_eq!(from_xml, from_json);
}

#[test]
fn counts_per_document() {
    // (id, vulnerabilities, distinct products, remediations)
    let expected = [
        ("2017-Feb", 1, 12, 14),
        ("2020-Dec", 59, 147, 385),
        ("2022-Dec", 79, 201, 977),
        ("2022-Nov", 75, 179, 1179),
        ("2023-Jan", 127, 80, 1687),
        ("Oct-OOB", 1, 11, 8),
    ];
    for (name, vulnerabilities, products, remediations) in expected {
        let doc = xml(name);
        assert_eq!(doc.id, name);
        assert_eq!(doc.vulnerabilities.len(), vulnerabilities, "{name}");
        assert_eq!(doc.products.len(), products, "{name}");
        let total: usize = doc
            .vulnerabilities
            .iter()
            .map(|v| v.remediations.len())
            .sum();
        assert_eq!(total, remediations, "{name}");
        // Each product id appears once; ids are CVEs or advisories (ADV170002 in 2017-Feb).
        let mut ids: Vec<&str> = doc.products.iter().map(|p| p.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), products, "{name}");
        assert!(
            doc.vulnerabilities
                .iter()
                .all(|v| v.cve.starts_with("CVE-") || v.cve.starts_with("ADV"))
        );
    }
    let json = parse_json(&fixture("cvrf-2020-Dec.json")).unwrap();
    assert_eq!((json.vulnerabilities.len(), json.products.len()), (59, 147));
}

#[test]
fn document_header() {
    let doc = xml("2020-Dec");
    assert_eq!(doc.id, "2020-Dec");
    assert_eq!(doc.alias, "2020-Dec");
    assert_eq!(doc.title, "December 2020 Security Updates");
    assert_eq!(
        doc.initial_release.to_rfc3339(),
        "2020-12-08T08:00:00+00:00"
    );
    assert_eq!(
        doc.current_release.to_rfc3339(),
        "2020-12-15T08:00:00+00:00"
    );
    assert_eq!(
        doc.product("10950").map(|p| p.name.as_str()),
        Some("Microsoft SharePoint Enterprise Server 2016")
    );
    // Dates without a zone (2022 documents) are read as UTC.
    let doc = xml("2022-Nov");
    assert_eq!(
        doc.initial_release.to_rfc3339(),
        "2022-11-08T08:00:00+00:00"
    );
    assert_eq!(
        doc.current_release.to_rfc3339(),
        "2022-12-22T08:00:00+00:00"
    );
}

#[test]
fn golden_cve_2023_21674_for_windows_10_22h2_x64() {
    let doc = xml("2023-Jan");
    let product = doc.product_id(W10_22H2_X64).expect("product in tree");
    assert_eq!(product, "12097");
    let v = doc.vulnerability("CVE-2023-21674").expect("CVE present");
    assert_eq!(
        v.title,
        "Windows Advanced Local Procedure Call (ALPC) Elevation of Privilege Vulnerability"
    );
    assert!(v.known_affected.iter().any(|p| p == product));
    let fixes: Vec<&Remediation> = v.vendor_fixes_for(product).collect();
    assert_eq!(fixes.len(), 1);
    let fix = fixes[0];
    assert_eq!(fix.kb.as_deref(), Some("KB5022282"));
    assert_eq!(fix.description, "5022282");
    assert_eq!(fix.fixed_build.as_deref(), Some("10.0.19045.2486"));
    assert_eq!(fix.supercedes, vec!["KB5021233".to_string()]);
    assert_eq!(fix.restart_required, Some(RestartRequired::Yes));
    assert_eq!(fix.sub_type.as_deref(), Some("Security Update"));
    assert_eq!(
        fix.url.as_deref(),
        Some("https://catalog.update.microsoft.com/v7/site/Search.aspx?q=KB5022282")
    );
    assert_eq!(fix.product_ids, vec!["12097", "12098", "12099"]);
    assert_eq!(v.severity_for(product), Some("Important"));
    assert_eq!(v.impact_for(product), Some("Elevation of Privilege"));
    assert_eq!(
        v.exploit_status(),
        ExploitStatus {
            publicly_disclosed: Some(false),
            exploited: Some(true),
            latest_release: Some("Exploitation Detected".to_string()),
        }
    );
    let score = v
        .cvss
        .iter()
        .find(|s| s.product_ids.iter().any(|p| p == product))
        .expect("a CVSS score for the product");
    assert!(score.base > 0.0);
    assert!(
        score
            .vector
            .as_deref()
            .is_some_and(|v| v.starts_with("CVSS:3.1/"))
    );
}

/// The real chain KB5019959 → KB5021233 → KB5022282 for Windows 10 22H2 x64.
#[test]
fn golden_supersedence_chain_across_documents() {
    let fixes_for = |name: &str| -> Vec<Remediation> {
        let doc = xml(name);
        let product = doc.product_id(W10_22H2_X64).expect("product").to_string();
        let mut fixes: Vec<Remediation> = Vec::new();
        for v in &doc.vulnerabilities {
            for r in v.vendor_fixes_for(&product) {
                if r.sub_type.as_deref() == Some("Security Update")
                    && r.fixed_build
                        .as_deref()
                        .is_some_and(|b| b.starts_with("10.0.19045."))
                    && !fixes.iter().any(|f| f.kb == r.kb)
                {
                    fixes.push(r.clone());
                }
            }
        }
        fixes
    };
    let nov = fixes_for("2022-Nov");
    assert_eq!(nov.len(), 1, "{nov:?}");
    assert_eq!(nov[0].kb.as_deref(), Some("KB5019959"));
    assert_eq!(nov[0].fixed_build.as_deref(), Some("10.0.19045.2251"));
    assert!(nov[0].supercedes.is_empty());

    let dec = fixes_for("2022-Dec");
    assert_eq!(dec.len(), 1, "{dec:?}");
    assert_eq!(dec[0].kb.as_deref(), Some("KB5021233"));
    assert_eq!(dec[0].supercedes, vec!["KB5019959".to_string()]);
    assert_eq!(dec[0].fixed_build.as_deref(), Some("10.0.19045.2364"));

    // 2023-Jan also lists KB5019959 (a revised November CVE); the month's own fix is newest.
    let jan = fixes_for("2023-Jan");
    let kbs: Vec<&str> = jan.iter().filter_map(|r| r.kb.as_deref()).collect();
    assert_eq!(kbs, ["KB5022282", "KB5019959"]);
    assert_eq!(jan[0].supercedes, vec!["KB5021233".to_string()]);
    assert_eq!(jan[0].fixed_build.as_deref(), Some("10.0.19045.2486"));
}

#[test]
fn opaque_ids_and_old_layout() {
    let oob = xml("Oct-OOB");
    assert_eq!(oob.id, "Oct-OOB");
    assert_eq!(
        oob.initial_release.to_rfc3339(),
        "2016-10-27T07:00:00+00:00"
    );

    let feb = xml("2017-Feb");
    assert_eq!(feb.id, "2017-Feb");
    let remediations = &feb.vulnerabilities[0].remediations;
    let fixes: Vec<&Remediation> = remediations
        .iter()
        .filter(|r| r.kind == RemediationKind::VendorFix)
        .collect();
    assert_eq!(fixes.len(), 12);
    assert!(fixes.iter().all(|r| r.fixed_build.is_none()));
    assert!(fixes.iter().all(|r| r.kb.is_some()));
    assert!(
        remediations
            .iter()
            .any(|r| r.kind == RemediationKind::Workaround)
    );
    assert!(
        remediations
            .iter()
            .any(|r| r.kind == RemediationKind::Mitigation)
    );
}

#[test]
fn non_numeric_vendor_fixes_have_no_kb() {
    let mut seen = Vec::new();
    for name in ["2020-Dec", "2023-Jan"] {
        for v in xml(name).vulnerabilities {
            for r in v.remediations {
                if r.kind == RemediationKind::VendorFix
                    && ["Click to Run", "Release Notes", "curl"].contains(&r.description.as_str())
                {
                    assert_eq!(r.kb, None, "{} {}", v.cve, r.description);
                    if !seen.contains(&r.description) {
                        seen.push(r.description.clone());
                    }
                }
            }
        }
    }
    seen.sort();
    assert_eq!(seen, ["Click to Run", "Release Notes", "curl"]);
    // Click-to-Run fixes carry a URL as their FixedBuild, as given.
    let doc = xml("2023-Jan");
    let c2r = doc
        .vulnerabilities
        .iter()
        .flat_map(|v| &v.remediations)
        .find(|r| r.description == "Click to Run" && r.fixed_build.is_some())
        .expect("a Click to Run fix with a FixedBuild");
    assert!(c2r.fixed_build.as_deref().unwrap().starts_with("http"));
}

#[test]
fn supercedence_lists_in_the_fixtures() {
    // 2022-Dec CVE-2022-41089 has comma lists such as "5020801, 5018857, 5018544".
    let doc = xml("2022-Dec");
    let v = doc.vulnerability("CVE-2022-41089").unwrap();
    assert!(
        v.remediations
            .iter()
            .any(|r| r.supercedes == ["KB5020801", "KB5018857", "KB5018544"])
    );
    // 2022-Nov CVE-2022-39327 has a version ("2.41.0") where a KB would be: no KB.
    let doc = xml("2022-Nov");
    let v = doc.vulnerability("CVE-2022-39327").unwrap();
    assert!(v.remediations.iter().all(|r| r.supercedes.is_empty()));
}

#[test]
fn supercedence_splitting() {
    assert_eq!(split_supercedence("4486717"), ["KB4486717"]);
    assert_eq!(
        split_supercedence("4499408; 4503867"),
        ["KB4499408", "KB4503867"]
    );
    assert_eq!(
        split_supercedence("4088875, 4100480"),
        ["KB4088875", "KB4100480"]
    );
    assert_eq!(
        split_supercedence("MS16-051, 3154070; MS16-063, 3160005"),
        ["KB3154070", "KB3160005"]
    );
    assert_eq!(split_supercedence("KB123;KB123"), ["KB123"]);
    assert!(split_supercedence("").is_empty());
    assert!(split_supercedence("2.41.0").is_empty());
    assert_eq!(kb_from("5022282").as_deref(), Some("KB5022282"));
    assert_eq!(kb_from(" KB5022282 ").as_deref(), Some("KB5022282"));
    assert_eq!(kb_from("Click to Run"), None);
    assert_eq!(kb_from("Release Notes"), None);
    assert_eq!(kb_from("curl"), None);
    assert_eq!(kb_from("KB"), None);
}

#[test]
fn exploit_status_parsing() {
    let status = ExploitStatus::parse(
        "Publicly Disclosed:No;Exploited:Yes;Latest Software Release:Exploitation Detected",
    );
    assert_eq!(status.publicly_disclosed, Some(false));
    assert_eq!(status.exploited, Some(true));
    assert_eq!(
        status.latest_release.as_deref(),
        Some("Exploitation Detected")
    );
    assert_eq!(ExploitStatus::parse("garbage"), ExploitStatus::default());
    let doc = xml("2020-Dec");
    let v = doc.vulnerability("CVE-2020-17089").unwrap();
    assert_eq!(v.exploit_status().exploited, Some(false));
    assert_eq!(
        v.exploit_status().latest_release.as_deref(),
        Some("Exploitation Less Likely")
    );
}

#[test]
fn recognizers() {
    for name in XML_FIXTURES {
        let text = fixture(&format!("cvrfDocument-{name}.xml"));
        assert!(recognizes_xml(&text), "{name}");
        assert!(!recognizes_json(&text), "{name}");
    }
    let json = fixture("cvrf-2020-Dec.json");
    assert!(recognizes_json(&json));
    assert!(!recognizes_xml(&json));
    assert!(!recognizes_xml("<html><body>cvrfdoc</body></html>"));
    assert!(!recognizes_json(
        "{\"value\": [{\"DocumentTitle\": \"x\"}]}"
    ));
    assert!(!recognizes_xml(""));
    assert!(!recognizes_json(""));
}

#[test]
fn errors_carry_a_line() {
    let text = fixture("cvrfDocument-2017-Feb.xml");
    // Break a closing tag in the middle of the file.
    let broken = text.replacen("</vuln:CVE>", "</vuln:CVX>", 1);
    let line = broken
        .lines()
        .position(|l| l.contains("</vuln:CVX>"))
        .unwrap()
        + 1;
    let problem = parse_xml(&broken).unwrap_err();
    assert_eq!(problem.line, Some(line), "{problem}");

    let truncated = &text[..text.len() / 2];
    assert!(parse_xml(truncated).unwrap_err().line.is_some());

    let bad_date = text.replacen("2017-02-21T08:00:00Z", "yesterday", 1);
    let problem = parse_xml(&bad_date).unwrap_err();
    assert!(problem.message.contains("InitialReleaseDate"), "{problem}");
    let date_line = text
        .lines()
        .position(|l| l.contains("<cvrf:InitialReleaseDate>"))
        .unwrap()
        + 1;
    assert_eq!(problem.line, Some(date_line), "{problem}");

    let problem = parse_json("{\n  \"DocumentTitle\": [\n").unwrap_err();
    assert_eq!(problem.line, Some(3), "{problem}");
    assert!(parse_json("{}").is_err());
    assert!(parse_xml("").is_err());
    assert!(parse_xml("not xml at all").is_err());
}

fn prefix(text: &str, mut end: usize) -> &str {
    end = end.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[test]
fn truncated_inputs_do_not_panic() {
    let xml_text = fixture("cvrfDocument-Oct-OOB.xml");
    let mut end = 0;
    while end < xml_text.len() {
        // Every cut of a whole document is an error: the root never closes.
        assert!(parse_xml(prefix(&xml_text, end)).is_err(), "cut at {end}");
        end += 37;
    }
    let json_text = fixture("cvrf-2020-Dec.json");
    let json_head = prefix(&json_text, 60_000);
    for end in (0..json_head.len()).step_by(97) {
        assert!(parse_json(prefix(json_head, end)).is_err());
    }
}

#[test]
fn garbled_inputs_do_not_panic() {
    let xml_text = fixture("cvrfDocument-2017-Feb.xml").into_bytes();
    let json_text = fixture("cvrf-2020-Dec.json").into_bytes();
    // A cheap deterministic generator (xorshift) picks positions and bytes.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let specials = b"<>/&;\"={}[],0\0";
    for round in 0..400 {
        let source: &[u8] = if round % 8 == 7 {
            &json_text
        } else {
            &xml_text
        };
        let mut bytes = source.to_vec();
        for _ in 0..1 + round % 5 {
            let at = (next() as usize) % bytes.len();
            let r = next();
            bytes[at] = if r % 2 == 0 {
                specials[(r as usize / 2) % specials.len()]
            } else {
                bytes[at] ^ (1 << (r % 7))
            };
        }
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse_xml(&text);
        let _ = parse_json(&text);
        let _ = recognizes_xml(&text);
        let _ = recognizes_json(&text);
    }
}

#[test]
#[ignore = "throughput probe: cargo test --release --lib catalog::cvrf -- --ignored --nocapture"]
fn xml_throughput() {
    let texts: Vec<String> = XML_FIXTURES
        .iter()
        .map(|name| fixture(&format!("cvrfDocument-{name}.xml")))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let started = std::time::Instant::now();
    let mut vulnerabilities = 0;
    for _ in 0..20 {
        for text in &texts {
            vulnerabilities += parse_xml(text).unwrap().vulnerabilities.len();
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let mb = (bytes * 20) as f64 / 1_000_000.0;
    println!(
        "CVRF XML: {mb:.1} MB in {seconds:.3} s = {:.1} MB/s ({vulnerabilities} vulnerabilities)",
        mb / seconds
    );

    let json = fixture("cvrf-2020-Dec.json");
    let started = std::time::Instant::now();
    for _ in 0..20 {
        parse_json(&json).unwrap();
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "CVRF JSON: {:.1} MB/s",
        (json.len() * 20) as f64 / 1_000_000.0 / seconds
    );
}
