//! Microsoft's retired "Bulletin Search" spreadsheet (security bulletins MSxx-yyy, before 2017).
//!
//! Microsoft published it as .xlsx; people convert it to CSV. Columns are read by position:
//! the header names `Severity` and `Impact` twice, and the 2001–2008 variant has line breaks
//! inside its header cells (`"Date\nPosted"`). The parser works over rows of strings
//! ([`parse_rows`]) so an xlsx reader, which is not a dependency yet, can feed it later; the
//! CSV form goes through [`parse_csv`].

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::inventory::Problem;

/// One row: one affected product/component of one bulletin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BulletinRow {
    pub date_posted: Option<NaiveDate>,
    /// `MS08-069`.
    pub bulletin_id: String,
    /// `KB955218`.
    pub bulletin_kb: Option<String>,
    pub severity: String,
    pub impact: String,
    pub title: String,
    pub affected_product: String,
    /// `KB955069`: the update for this product/component, which may differ from the bulletin's.
    pub component_kb: Option<String>,
    pub affected_component: String,
    pub component_impact: String,
    pub component_severity: String,
    pub supersedes: Vec<Superseded>,
    /// `Yes`, `No` or `Maybe`, as written.
    pub reboot: Option<String>,
    pub cves: Vec<String>,
}

/// One superseded update: `MS16-051[3154070]` gives both, `3154070` only the KB.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Superseded {
    pub bulletin: Option<String>,
    /// `KB3154070`.
    pub kb: Option<String>,
}

/// Column names by position (1-based in problems), for messages.
const COLUMNS: [&str; 14] = [
    "Date Posted",
    "Bulletin Id",
    "Bulletin KB",
    "Severity",
    "Impact",
    "Title",
    "Affected Product",
    "Component KB",
    "Affected Component",
    "Impact",
    "Severity",
    "Supersedes",
    "Reboot",
    "CVEs",
];

/// Upper case, with runs of whitespace (including line breaks and quotes' absence) as one space.
fn normalized(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_uppercase()
}

/// Cheap sniff of a CSV conversion: the header starts with `Date Posted` and names
/// `Bulletin Id` (line breaks and quotes inside header cells allowed).
pub fn recognizes_csv(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let head: String = text.chars().take(400).filter(|&c| c != '"').collect();
    let head = normalized(&head);
    head.starts_with("DATE POSTED") && head.contains("BULLETIN ID")
}

/// Reads a CSV conversion of the spreadsheet. The first record is the header (skipped by
/// position); all-empty rows are skipped. Problems name the line and the column.
pub fn parse_csv(text: &str) -> Result<Vec<BulletinRow>, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    // The csv crate's own line numbers skip line breaks inside quoted cells (the 2001–2008
    // header has some), so lines are counted from byte offsets. After a CRLF the offset it
    // gives points at the LF, hence the `+ 1`.
    let line_at = |byte: u64| {
        let end = (byte as usize).saturating_add(1).min(text.len());
        text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    };
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| line_at(p.byte()));
            let message = format!("not a readable CSV row: {e}");
            Problem { line, message }
        })?;
        let line = record.position().map_or(i + 1, |p| line_at(p.byte()));
        rows.push((line, record.iter().map(str::to_string).collect()));
    }
    parse_rows(rows.into_iter())
}

/// Reads the spreadsheet's rows, header included: `(line or sheet row, 1-based; cells)`. The
/// first row must be the header and is skipped by position after a check of its first two
/// cells; all-empty rows are skipped; missing trailing cells count as empty.
pub fn parse_rows(
    mut rows: impl Iterator<Item = (usize, Vec<String>)>,
) -> Result<Vec<BulletinRow>, Problem> {
    let Some((line, header)) = rows.next() else {
        return Err(Problem::general("empty Bulletin Search file"));
    };
    let first = |i: usize| header.get(i).map(|c| normalized(c)).unwrap_or_default();
    if first(0) != "DATE POSTED" || first(1) != "BULLETIN ID" {
        return Err(Problem::at(
            line,
            "not a Bulletin Search header (expected Date Posted, Bulletin Id, …)",
        ));
    }
    let mut out = Vec::new();
    for (line, cells) in rows {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        out.push(row(line, &cells)?);
    }
    Ok(out)
}

fn row(line: usize, cells: &[String]) -> Result<BulletinRow, Problem> {
    let cell = |i: usize| cells.get(i).map(|c| c.trim()).unwrap_or_default();
    let problem = |i: usize, message: String| {
        Problem::at(
            line,
            format!("column {} ({}): {message}", i + 1, COLUMNS[i]),
        )
    };
    let text = |i: usize| cell(i).to_string();
    let kb = |i: usize| -> Result<Option<String>, Problem> {
        match cell(i) {
            "" => Ok(None),
            s => kb_number(s)
                .map(Some)
                .ok_or_else(|| problem(i, format!("not a KB number: {s:?}"))),
        }
    };

    let date_posted = match cell(0) {
        "" => None,
        s => Some(date(s).ok_or_else(|| problem(0, format!("not a date: {s:?}")))?),
    };
    let bulletin_id = cell(1).to_ascii_uppercase();
    if bulletin_id.is_empty() {
        return Err(problem(1, "empty".to_string()));
    }
    let supersedes = supersedes(cell(11))
        .map_err(|token| problem(11, format!("not a bulletin or KB: {token:?}")))?;
    let reboot = Some(text(12)).filter(|s| !s.is_empty());
    let cves = cell(13)
        .split([',', ';', ' ', '\n', '\r', '\t'])
        .filter(|s| !s.is_empty())
        .map(str::to_ascii_uppercase)
        .collect();
    Ok(BulletinRow {
        date_posted,
        bulletin_id,
        bulletin_kb: kb(2)?,
        severity: text(3),
        impact: text(4),
        title: text(5),
        affected_product: text(6),
        component_kb: kb(7)?,
        affected_component: text(8),
        component_impact: text(9),
        component_severity: text(10),
        supersedes,
        reboot,
        cves,
    })
}

/// An Excel serial day (`42808`, possibly with a time fraction) counted from 1899-12-30, or
/// `m/d/yyyy` text.
fn date(text: &str) -> Option<NaiveDate> {
    if let Ok(serial) = text.parse::<f64>() {
        // 1 = 1900-01-01 … up to 9999-12-31; the 1899-12-30 epoch absorbs Excel's 1900 leap bug
        // for every date after February 1900.
        if !(1.0..=2_958_465.0).contains(&serial) {
            return None;
        }
        let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
        return epoch.checked_add_days(Days::new(serial.trunc() as u64));
    }
    NaiveDate::parse_from_str(text, "%m/%d/%Y").ok()
}

/// `955218`, `KB955218` → `KB955218`.
fn kb_number(text: &str) -> Option<String> {
    let digits = text
        .strip_prefix("KB")
        .or_else(|| text.strip_prefix("kb"))
        .unwrap_or(text);
    (!digits.is_empty() && digits.len() <= 8 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("KB{digits}"))
}

/// `MS08-069`: `MS`, two digits, `-`, three digits.
fn is_bulletin(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 8
        && b[..2].eq_ignore_ascii_case(b"MS")
        && b[2..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..].iter().all(u8::is_ascii_digit)
}

/// One token: `MS16-051[3154070]`, `MS16-051`, `3154070` or `KB3154070`.
fn superseded(token: &str) -> Option<Superseded> {
    if let Some((bulletin, rest)) = token.split_once('[') {
        let kb = rest.strip_suffix(']')?.trim();
        let bulletin = bulletin.trim();
        if !is_bulletin(bulletin) {
            return None;
        }
        return Some(Superseded {
            bulletin: Some(bulletin.to_ascii_uppercase()),
            kb: if kb.is_empty() {
                None
            } else {
                Some(kb_number(kb)?)
            },
        });
    }
    if is_bulletin(token) {
        return Some(Superseded {
            bulletin: Some(token.to_ascii_uppercase()),
            kb: None,
        });
    }
    Some(Superseded {
        bulletin: None,
        kb: Some(kb_number(token)?),
    })
}

/// The Supersedes cell: tokens separated by commas, semicolons or spaces. Within one
/// `;`-separated group, a lone bulletin followed by a lone KB (`MS16-051, 3154070`, the form
/// MSRC's CVRF uses) is one update. Returns the first token it cannot read.
fn supersedes(cell: &str) -> Result<Vec<Superseded>, String> {
    let mut out = Vec::new();
    for group in cell.split(';') {
        let tokens: Vec<&str> = group
            .split([',', ' ', '\n', '\r', '\t'])
            .filter(|t| !t.is_empty())
            .collect();
        let parsed = tokens
            .iter()
            .map(|t| superseded(t).ok_or_else(|| t.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        match parsed.as_slice() {
            [
                Superseded {
                    bulletin: Some(bulletin),
                    kb: None,
                },
                Superseded {
                    bulletin: None,
                    kb: Some(kb),
                },
            ] => out.push(Superseded {
                bulletin: Some(bulletin.clone()),
                kb: Some(kb.clone()),
            }),
            _ => out.extend(parsed),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECENT: &str =
        include_str!("../../tests/fixtures/bulletin/BulletinSearch_vuls_fixture.csv");
    const OLD: &str =
        include_str!("../../tests/fixtures/bulletin/BulletinSearch2001-2008_vuls_fixture.csv");

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn s(text: &str) -> String {
        text.to_string()
    }

    #[test]
    fn recognizes_both_real_headers() {
        assert!(recognizes_csv(RECENT));
        assert!(recognizes_csv(OLD), "header cells with line breaks");
        assert!(!recognizes_csv("Bulletin Id,Date Posted\n"));
        assert!(!recognizes_csv("{\"catalogVersion\": \"1\"}"));
    }

    #[test]
    fn reads_every_field_of_the_real_2017_row() {
        // The file ends with an all-empty row, which is skipped.
        let rows = parse_csv(RECENT).unwrap();
        assert_eq!(
            rows,
            vec![BulletinRow {
                date_posted: ymd(2017, 3, 14), // serial 42808
                bulletin_id: s("MS17-023"),
                bulletin_kb: Some(s("KB4014329")),
                severity: s("Critical"),
                impact: s("Remote Code Execution"),
                title: s("Security Update for Adobe Flash Player"),
                affected_product: s("Windows 10 Version 1511 for x64-based Systems"),
                component_kb: Some(s("KB4014329")),
                affected_component: s("Adobe Flash Player"),
                component_impact: s("Remote Code Execution"),
                component_severity: s("Critical"),
                supersedes: vec![Superseded {
                    bulletin: Some(s("MS17-005")),
                    kb: Some(s("KB4010250")),
                }],
                reboot: Some(s("Yes")),
                cves: vec![],
            }]
        );
    }

    #[test]
    fn reads_every_field_of_the_real_2008_row_under_a_multiline_header() {
        let rows = parse_csv(OLD).unwrap();
        assert_eq!(
            rows,
            vec![BulletinRow {
                date_posted: ymd(2008, 11, 11), // serial 39763
                bulletin_id: s("MS08-069"),
                bulletin_kb: Some(s("KB955218")),
                severity: s("Critical"),
                impact: s("Remote Code Execution"),
                title: s(
                    "Vulnerabilities in Microsoft XML Core Services Could Allow Remote Code Execution"
                ),
                affected_product: s("Microsoft Windows 2000 Service Pack 4"),
                component_kb: Some(s("KB955069")),
                affected_component: s("Microsoft XML Core Services 3.0"),
                component_impact: s("Remote Code Execution"),
                component_severity: s("Critical"),
                supersedes: vec![Superseded {
                    bulletin: Some(s("MS07-042")),
                    kb: Some(s("KB936021")),
                }],
                reboot: Some(s("Maybe")),
                cves: vec![s("CVE-2007-0099"), s("CVE-2008-4029"), s("CVE-2008-4033")],
            }]
        );
    }

    #[test]
    fn problems_name_the_line_after_a_multiline_header() {
        // The header takes lines 1–3; the data row is line 4.
        let bad = OLD.replace("39763", "soon");
        let problem = parse_csv(&bad).unwrap_err();
        assert_eq!(problem.line, Some(4));
        assert_eq!(
            problem.message,
            "column 1 (Date Posted): not a date: \"soon\""
        );

        let bad = RECENT.replace(",4014329,Adobe", ",n/a,Adobe");
        let problem = parse_csv(&bad).unwrap_err();
        assert_eq!(problem.line, Some(2));
        assert_eq!(
            problem.message,
            "column 8 (Component KB): not a KB number: \"n/a\""
        );

        let bad = RECENT.replace("MS17-005[4010250]", "MS17-005[4010250");
        let problem = parse_csv(&bad).unwrap_err();
        assert!(
            problem.message.starts_with("column 12 (Supersedes)"),
            "{problem}"
        );

        assert_eq!(parse_csv("Title,Date Posted\n").unwrap_err().line, Some(1));
        assert!(parse_csv("").is_err());
    }

    #[test]
    fn dates_are_excel_serials_or_us_text() {
        assert_eq!(date("42516"), ymd(2016, 5, 26));
        assert_eq!(date("42516.5"), ymd(2016, 5, 26));
        assert_eq!(date("5/26/2016"), ymd(2016, 5, 26));
        assert_eq!(date("0"), None);
        assert_eq!(date("-3"), None);
        assert_eq!(date("1e300"), None);
        assert_eq!(date("NaN"), None);
    }

    #[test]
    fn supersedes_keeps_bulletins_and_kbs() {
        let both = |b: &str, kb: &str| Superseded {
            bulletin: Some(s(b)),
            kb: Some(s(kb)),
        };
        let kb = |kb: &str| Superseded {
            bulletin: None,
            kb: Some(s(kb)),
        };
        assert_eq!(supersedes("").unwrap(), vec![]);
        assert_eq!(supersedes("3154070").unwrap(), vec![kb("KB3154070")]);
        assert_eq!(
            supersedes("MS16-051[3154070], MS16-063[3160005];3170106").unwrap(),
            vec![
                both("MS16-051", "KB3154070"),
                both("MS16-063", "KB3160005"),
                kb("KB3170106")
            ]
        );
        assert_eq!(
            supersedes("MS16-051, 3154070; MS16-063, 3160005").unwrap(),
            vec![both("MS16-051", "KB3154070"), both("MS16-063", "KB3160005")]
        );
        assert_eq!(
            supersedes("MS07-042").unwrap(),
            vec![Superseded {
                bulletin: Some(s("MS07-042")),
                kb: None
            }]
        );
        assert_eq!(supersedes("MS07-042[abc]"), Err(s("MS07-042[abc]")));
    }

    #[test]
    fn rows_from_another_reader_use_the_same_parser() {
        let cells = |row: &[&str]| row.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        let rows = vec![
            (1, cells(&["Date\nPosted", "Bulletin\nID", "Bulletin KB"])),
            (2, cells(&["5/26/2016", "ms16-068", "KB3163656"])),
        ];
        let parsed = parse_rows(rows.into_iter()).unwrap();
        assert_eq!(parsed[0].bulletin_id, "MS16-068");
        assert_eq!(parsed[0].bulletin_kb, Some(s("KB3163656")));
        assert_eq!(parsed[0].date_posted, ymd(2016, 5, 26));
        assert_eq!(parsed[0].component_kb, None);
        assert!(parsed[0].cves.is_empty() && parsed[0].supersedes.is_empty());
        assert!(parse_rows(std::iter::empty()).is_err());
    }

    #[test]
    fn truncated_input_is_never_a_panic() {
        for text in [RECENT, OLD] {
            for (cut, _) in text.char_indices() {
                let _ = recognizes_csv(&text[..cut]);
                if let Ok(rows) = parse_csv(&text[..cut]) {
                    assert!(rows.len() <= 1, "cut at {cut}");
                }
            }
        }
    }
}
