//! CISA's Known Exploited Vulnerabilities (KEV) catalog, as its JSON feed: which CVEs are
//! exploited in the wild, by when federal agencies must fix them, and whether ransomware
//! campaigns use them. MSRC's own `Exploited:` field lags it.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::inventory::Problem;

/// The whole catalog, in file order (the feed lists the newest additions first).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KevCatalog {
    pub title: String,
    /// `2025.08.25`.
    pub catalog_version: String,
    pub date_released: Option<DateTime<Utc>>,
    /// The count the file states; it normally equals `vulnerabilities.len()`.
    pub count: usize,
    pub vulnerabilities: Vec<KevEntry>,
    /// CVE id (upper case) → index into `vulnerabilities`, built once by [`parse`].
    #[serde(skip)]
    index: HashMap<String, usize>,
}

/// One exploited vulnerability.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KevEntry {
    pub cve_id: String,
    pub vendor_project: String,
    pub product: String,
    pub vulnerability_name: String,
    pub date_added: NaiveDate,
    pub short_description: String,
    pub required_action: String,
    /// Real entries can be due before they were added (CVE-2021-34527): kept as published.
    pub due_date: Option<NaiveDate>,
    /// `"Known"` → true, `"Unknown"` (or absent, as in catalogs before late 2022) → false.
    pub known_ransomware_campaign_use: bool,
    pub notes: String,
    /// `CWE-416` …; empty when CISA lists none.
    pub cwes: Vec<String>,
}

impl KevCatalog {
    /// The entry for a CVE id (case and surrounding spaces ignored).
    pub fn get(&self, cve: &str) -> Option<&KevEntry> {
        let key = cve.trim().to_ascii_uppercase();
        match self.index.get(&key) {
            Some(&i) if self.vulnerabilities.get(i).is_some_and(|e| e.cve_id == key) => {
                self.vulnerabilities.get(i)
            }
            // Not indexed, or `vulnerabilities` was changed after parsing: look it up the slow way.
            _ => self
                .vulnerabilities
                .iter()
                .find(|e| e.cve_id.eq_ignore_ascii_case(&key)),
        }
    }
}

/// Cheap sniff: does this text look like a KEV catalog?
pub fn recognizes(text: &str) -> bool {
    text.contains("\"catalogVersion\"") && text.contains("\"vulnerabilities\"")
}

/// The top level of the feed. Entries stay as JSON objects so a bad one can be reported by
/// its index and field name (serde's own errors only carry a position).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawCatalog {
    #[serde(default)]
    title: Option<String>,
    catalog_version: String,
    #[serde(default)]
    date_released: Option<String>,
    #[serde(default)]
    count: Option<usize>,
    vulnerabilities: Vec<Value>,
}

/// Reads a KEV catalog. Malformed JSON is a problem at serde's line; a malformed entry is a
/// problem naming the entry's index (0-based, in file order), its CVE when known, and the field.
pub fn parse(text: &str) -> Result<KevCatalog, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: RawCatalog = serde_json::from_str(text)
        .map_err(|e| Problem::at(e.line(), format!("not a KEV catalog: {e}")))?;
    let date_released = match raw.date_released.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(
            DateTime::parse_from_rfc3339(s)
                .map_err(|e| {
                    Problem::general(format!("dateReleased: not a date-time: {s:?} ({e})"))
                })?
                .with_timezone(&Utc),
        ),
    };
    let mut vulnerabilities = Vec::with_capacity(raw.vulnerabilities.len());
    let mut index = HashMap::with_capacity(raw.vulnerabilities.len());
    for (i, value) in raw.vulnerabilities.iter().enumerate() {
        let entry = entry(value).map_err(|(field, message)| {
            let cve = value.get("cveID").and_then(Value::as_str);
            let line = cve.and_then(|cve| line_of(text, cve));
            let message = match cve {
                Some(cve) => format!("entry {i} ({cve}): {field}: {message}"),
                None => format!("entry {i}: {field}: {message}"),
            };
            Problem { line, message }
        })?;
        index.entry(entry.cve_id.clone()).or_insert(i);
        vulnerabilities.push(entry);
    }
    Ok(KevCatalog {
        title: raw.title.unwrap_or_default(),
        catalog_version: raw.catalog_version,
        date_released,
        count: raw.count.unwrap_or(vulnerabilities.len()),
        vulnerabilities,
        index,
    })
}

/// (field, what is wrong with it)
type FieldError = (&'static str, String);

fn entry(value: &Value) -> Result<KevEntry, FieldError> {
    let Some(map) = value.as_object() else {
        return Err((
            "entry",
            format!("expected an object, found {}", kind(value)),
        ));
    };
    let cve_id = required(map, "cveID")?.trim().to_ascii_uppercase();
    if !is_cve(&cve_id) {
        return Err(("cveID", format!("not a CVE id: {cve_id:?}")));
    }
    let date_added = date(map, "dateAdded")?.ok_or(("dateAdded", "missing".to_string()))?;
    let known_ransomware_campaign_use =
        match optional(map, "knownRansomwareCampaignUse")?.map(str::trim) {
            None | Some("") => false,
            Some(s) if s.eq_ignore_ascii_case("known") => true,
            Some(s) if s.eq_ignore_ascii_case("unknown") => false,
            Some(s) => {
                return Err((
                    "knownRansomwareCampaignUse",
                    format!("neither Known nor Unknown: {s:?}"),
                ));
            }
        };
    let cwes = match map.get("cwes") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map(|s| s.trim().to_string())
                    .ok_or(("cwes", format!("expected strings, found {}", kind(item))))
            })
            .collect::<Result<Vec<_>, _>>()?,
        Some(other) => return Err(("cwes", format!("expected a list, found {}", kind(other)))),
    };
    Ok(KevEntry {
        cve_id,
        vendor_project: required(map, "vendorProject")?.to_string(),
        product: required(map, "product")?.to_string(),
        vulnerability_name: required(map, "vulnerabilityName")?.to_string(),
        date_added,
        short_description: required(map, "shortDescription")?.to_string(),
        required_action: required(map, "requiredAction")?.to_string(),
        due_date: date(map, "dueDate")?,
        known_ransomware_campaign_use,
        notes: optional(map, "notes")?.unwrap_or_default().to_string(),
        cwes,
    })
}

fn optional<'a>(
    map: &'a Map<String, Value>,
    field: &'static str,
) -> Result<Option<&'a str>, FieldError> {
    match map.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err((field, format!("expected a string, found {}", kind(other)))),
    }
}

fn required<'a>(map: &'a Map<String, Value>, field: &'static str) -> Result<&'a str, FieldError> {
    optional(map, field)?.ok_or((field, "missing".to_string()))
}

/// A `YYYY-MM-DD` date; absent, null or empty is `None`.
fn date(map: &Map<String, Value>, field: &'static str) -> Result<Option<NaiveDate>, FieldError> {
    match optional(map, field)?.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| (field, format!("not a YYYY-MM-DD date: {s:?}"))),
    }
}

/// `CVE-YYYY-NNNN…` (the schema's pattern: four digits, then four or more).
fn is_cve(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("CVE-") else {
        return false;
    };
    let Some((year, number)) = rest.split_once('-') else {
        return false;
    };
    year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && number.len() >= 4
        && number.bytes().all(|b| b.is_ascii_digit())
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The 1-based line where `"<cve>"` first appears, to point the preview at a bad entry.
fn line_of(text: &str, cve: &str) -> Option<usize> {
    let at = text.find(&format!("\"{cve}\""))?;
    Some(text[..at].bytes().filter(|&b| b == b'\n').count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str =
        include_str!("../../tests/fixtures/kev/known_exploited_vulnerabilities.json");

    fn fixture() -> KevCatalog {
        parse(FIXTURE).expect("the real catalog parses")
    }

    #[test]
    fn recognizes_the_real_catalog_and_not_other_json() {
        assert!(recognizes(FIXTURE));
        assert!(!recognizes(r#"{"vulnerabilities": []}"#));
        assert!(!recognizes("Date Posted,Bulletin Id"));
    }

    #[test]
    fn reads_the_real_catalog_header() {
        let catalog = fixture();
        assert_eq!(
            catalog.title,
            "CISA Catalog of Known Exploited Vulnerabilities"
        );
        assert_eq!(catalog.catalog_version, "2025.08.25");
        assert_eq!(
            catalog.date_released.unwrap().to_rfc3339(),
            "2025-08-25T17:04:19.979600+00:00"
        );
        assert_eq!(catalog.count, 1404);
        assert_eq!(catalog.vulnerabilities.len(), 1404);
        // File order is kept: the newest addition comes first.
        assert_eq!(catalog.vulnerabilities[0].cve_id, "CVE-2025-48384");
        assert_eq!(
            catalog.vulnerabilities[0].cwes,
            vec!["CWE-59".to_string(), "CWE-436".to_string()]
        );
    }

    #[test]
    fn finds_a_windows_cve_with_its_real_fields() {
        let catalog = fixture();
        let e = catalog
            .get("CVE-2023-21674")
            .expect("CVE-2023-21674 is in KEV");
        assert_eq!(e.cve_id, "CVE-2023-21674");
        assert_eq!(e.vendor_project, "Microsoft");
        assert_eq!(e.product, "Windows");
        assert_eq!(
            e.vulnerability_name,
            "Microsoft Windows Advanced Local Procedure Call (ALPC) Privilege Escalation Vulnerability"
        );
        assert_eq!(e.date_added, NaiveDate::from_ymd_opt(2023, 1, 10).unwrap());
        assert_eq!(e.due_date, NaiveDate::from_ymd_opt(2023, 1, 31));
        assert!(!e.known_ransomware_campaign_use);
        assert_eq!(e.required_action, "Apply updates per vendor instructions.");
        assert_eq!(e.cwes, vec!["CWE-416".to_string()]);
        assert!(e.notes.contains(
            "https://msrc.microsoft.com/update-guide/en-US/vulnerability/CVE-2023-21674"
        ));
        // Lookups ignore case and spaces; unknown CVEs are absent.
        assert_eq!(catalog.get(" cve-2023-21674 "), Some(e));
        assert!(catalog.get("CVE-2023-99999").is_none());
    }

    #[test]
    fn reads_the_ransomware_flag() {
        let catalog = fixture();
        let eternal_blue = catalog.get("CVE-2017-0144").unwrap();
        assert_eq!(eternal_blue.vendor_project, "Microsoft");
        assert_eq!(eternal_blue.product, "SMBv1");
        assert!(eternal_blue.known_ransomware_campaign_use);
        assert_eq!(
            eternal_blue.date_added,
            NaiveDate::from_ymd_opt(2022, 2, 10).unwrap()
        );
        assert_eq!(eternal_blue.due_date, NaiveDate::from_ymd_opt(2022, 8, 10));
        let known = catalog
            .vulnerabilities
            .iter()
            .filter(|e| e.known_ransomware_campaign_use)
            .count();
        assert_eq!(known, 293);
    }

    #[test]
    fn keeps_a_due_date_that_precedes_its_date_added() {
        // PrintNightmare was due (2021-07-20, an earlier directive) before KEV existed.
        let e = fixture().get("CVE-2021-34527").cloned().unwrap();
        assert_eq!(e.date_added, NaiveDate::from_ymd_opt(2021, 11, 3).unwrap());
        assert_eq!(e.due_date, NaiveDate::from_ymd_opt(2021, 7, 20));
        assert!(e.known_ransomware_campaign_use);
    }

    #[test]
    fn index_survives_changes_to_the_list() {
        let mut catalog = fixture();
        catalog.vulnerabilities.remove(0);
        assert_eq!(
            catalog.get("CVE-2023-21674").unwrap().cve_id,
            "CVE-2023-21674"
        );
        assert!(catalog.get("CVE-2025-48384").is_none());
    }

    fn one_entry(entry: &str) -> String {
        format!("{{\"catalogVersion\": \"1\", \"count\": 1,\n\"vulnerabilities\": [\n{entry}\n]}}")
    }

    const GOOD: &str = r#"{"cveID": "CVE-2023-21674", "vendorProject": "Microsoft", "product": "Windows",
        "vulnerabilityName": "n", "dateAdded": "2023-01-10", "shortDescription": "s",
        "requiredAction": "a", "dueDate": "2023-01-31", "knownRansomwareCampaignUse": "Unknown"}"#;

    #[test]
    fn optional_fields_may_be_absent() {
        let catalog = parse(&one_entry(GOOD)).unwrap();
        let e = &catalog.vulnerabilities[0];
        assert!(e.cwes.is_empty());
        assert_eq!(e.notes, "");
        assert_eq!(catalog.title, "");
        assert_eq!(catalog.date_released, None);
    }

    #[test]
    fn a_bad_entry_names_its_index_and_field() {
        let bad_date = GOOD.replace("2023-01-10", "10/01/2023");
        let problem = parse(&one_entry(&bad_date)).unwrap_err();
        assert_eq!(problem.line, Some(3));
        assert!(
            problem
                .message
                .contains("entry 0 (CVE-2023-21674): dateAdded"),
            "{problem}"
        );

        let bad_flag = GOOD.replace("\"Unknown\"", "\"Maybe\"");
        let problem = parse(&one_entry(&bad_flag)).unwrap_err();
        assert!(
            problem.message.contains("knownRansomwareCampaignUse"),
            "{problem}"
        );

        let no_cve = GOOD.replace("\"cveID\": \"CVE-2023-21674\", ", "");
        let problem = parse(&one_entry(&no_cve)).unwrap_err();
        assert_eq!(problem.message, "entry 0: cveID: missing");

        let number = GOOD.replace("\"Windows\"", "7");
        let problem = parse(&one_entry(&number)).unwrap_err();
        assert!(
            problem
                .message
                .contains("product: expected a string, found a number"),
            "{problem}"
        );
    }

    #[test]
    fn malformed_json_carries_its_line() {
        let problem =
            parse("{\n\"catalogVersion\": \"1\",\n\"vulnerabilities\": [,]}").unwrap_err();
        assert_eq!(problem.line, Some(3));
        assert!(parse("").is_err());
        assert!(parse("[]").is_err());
    }

    #[test]
    fn truncated_input_is_an_error_not_a_panic() {
        // Every cut of a small catalog, then a spread of cuts through the real one.
        let small = one_entry(GOOD);
        for (cut, _) in small.char_indices() {
            assert!(parse(&small[..cut]).is_err(), "cut at {cut}");
        }
        let step = FIXTURE.len() / 150;
        for cut in (0..FIXTURE.len()).step_by(step) {
            let cut = (cut..FIXTURE.len())
                .find(|&c| FIXTURE.is_char_boundary(c))
                .unwrap();
            assert!(parse(&FIXTURE[..cut]).is_err(), "cut at {cut}");
        }
        assert!(parse(&FIXTURE[..FIXTURE.len() - 1]).is_err());
    }
}
