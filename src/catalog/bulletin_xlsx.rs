//! Microsoft's Bulletin Search spreadsheet as published, in .xlsx (see [`super::bulletin`]).
//!
//! The first worksheet's cells become the text a CSV conversion holds for them, and
//! [`bulletin::parse_rows`] reads that, so the workbook and its CSV conversion give the same
//! rows. The sheet is streamed cell by cell rather than read as one calamine `Range`: a range is
//! a dense rectangle, and a few cells far apart (`A1` and `XFD1048576`) would make it billions
//! of cells.

use std::io::{Cursor, Read, Seek};
use std::panic::{self, AssertUnwindSafe};

use calamine::{Cell, DataRef, ExcelDateTime, Reader, SheetType, Xlsx, XlsxCellReader};
use chrono::NaiveDate;

use super::bulletin::{self, BulletinRow};
use crate::inventory::Problem;

/// A zip local file header starts with these bytes.
const ZIP_ENTRY: &[u8; 4] = b"PK\x03\x04";

/// Excel's column limit (`XFD`): a cell beyond it is not from a workbook Excel can open, and
/// bounds the memory one row takes.
const MAX_COLUMNS: u32 = 16_384;

/// True when the bytes are an Office Open XML workbook: a zip with an entry under `xl/` among
/// the first entries. Word and PowerPoint files are zips of the same kind (with
/// `[Content_Types].xml` and `_rels/`) but keep their parts under `word/` and `ppt/`, so `xl/`
/// is what tells a workbook. A cheap sniff on the first bytes of a file (the caller may pass
/// only the first 64 KiB): writers put the small `xl/` parts among the first entries (the
/// fixtures, real copies, have `xl/` as the fourth).
pub fn looks_like_xlsx(head: &[u8]) -> bool {
    // Entries are found by their signature instead of by skipping each entry's data: an entry
    // written with a data descriptor has no size in its local header.
    head.starts_with(ZIP_ENTRY)
        && (0..head.len())
            .filter(|&at| head[at..].starts_with(ZIP_ENTRY))
            .any(|at| entry_name(&head[at..]).starts_with(b"xl/"))
}

/// The file name in a local file header (as much of it as `header` holds).
fn entry_name(header: &[u8]) -> &[u8] {
    let Some(&[low, high]) = header.get(26..28) else {
        return &[];
    };
    let name = header.get(30..).unwrap_or_default();
    &name[..name.len().min(usize::from(u16::from_le_bytes([low, high])))]
}

/// Reads the first worksheet of a Bulletin Search workbook into rows and hands them to
/// [`bulletin::parse_rows`]; row numbers in problems are the sheet's 1-based row numbers.
/// Cells read as a CSV conversion writes them: KB numbers stored as numbers without a `.0`,
/// date cells as `m/d/yyyy`, empty cells as empty text.
pub fn parse_xlsx(bytes: &[u8]) -> Result<Vec<BulletinRow>, Problem> {
    // calamine's reference parsing does unchecked arithmetic (`r="AAAAAAAAAAAA1"` overflows, a
    // panic where overflow checks are on); a damaged file must give a problem, not bring the
    // importer down. The input is a shared slice and nothing outlives the call.
    panic::catch_unwind(AssertUnwindSafe(|| read_workbook(bytes))).unwrap_or_else(|_| {
        Err(Problem::general(
            "not a readable xlsx workbook: its content is malformed",
        ))
    })
}

fn read_workbook(bytes: &[u8]) -> Result<Vec<BulletinRow>, Problem> {
    let mut workbook = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| Problem::general(format!("not a readable xlsx workbook: {e}")))?;
    // Chart sheets and macro sheets have no cells; "first worksheet" skips them.
    let Some(name) = workbook
        .sheets_metadata()
        .iter()
        .find(|sheet| sheet.typ == SheetType::WorkSheet)
        .map(|sheet| sheet.name.clone())
    else {
        return Err(Problem::general("the workbook has no worksheet"));
    };
    let cells = workbook
        .worksheet_cells_reader(&name)
        .map_err(|e| Problem::general(format!("cannot read worksheet {name:?}: {e}")))?;
    let mut rows = SheetRows {
        sheet: name,
        cells,
        pending: None,
        ended: false,
        failure: None,
    };
    // Empty rows are dropped here, not only by parse_rows: formatted but empty cells above the
    // header would otherwise be taken for the header.
    let parsed = bulletin::parse_rows(
        rows.by_ref()
            .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty())),
    );
    // A read failure comes first: the rows parse_rows saw may be cut short by it.
    match rows.failure {
        Some(failure) => Err(failure),
        None => parsed,
    }
}

/// The worksheet's rows, `(sheet row, 1-based; cells from column A)`, one at a time. Reading
/// stops at the first damaged cell, which is kept in `failure`.
struct SheetRows<'a, RS: Read + Seek> {
    sheet: String,
    cells: XlsxCellReader<'a, RS>,
    /// The first cell of the next row, read while looking for the end of the current one.
    pending: Option<Cell<DataRef<'a>>>,
    /// The reader has passed the end of the sheet data, and must not be asked again.
    ended: bool,
    failure: Option<Problem>,
}

impl<'a, RS: Read + Seek> SheetRows<'a, RS> {
    fn next_cell(&mut self) -> Option<Cell<DataRef<'a>>> {
        if self.ended || self.failure.is_some() {
            return None;
        }
        let cell = match self.cells.next_cell() {
            Ok(Some(cell)) => cell,
            Ok(None) => {
                self.ended = true;
                return None;
            }
            Err(e) => {
                let sheet = &self.sheet;
                self.failure = Some(Problem::general(format!(
                    "worksheet {sheet:?} is damaged: {e}"
                )));
                return None;
            }
        };
        let (row, column) = cell.get_position();
        if column >= MAX_COLUMNS {
            self.failure = Some(Problem::at(
                row as usize + 1,
                format!("a cell beyond Excel's last column (column {})", column + 1),
            ));
            return None;
        }
        Some(cell)
    }
}

impl<RS: Read + Seek> Iterator for SheetRows<'_, RS> {
    type Item = (usize, Vec<String>);

    fn next(&mut self) -> Option<Self::Item> {
        let first = match self.pending.take() {
            Some(cell) => cell,
            None => self.next_cell()?,
        };
        let row = first.get_position().0;
        let mut cells = Vec::new();
        let mut cell = Some(first);
        // Rows are in ascending order in a well-formed sheet; a row that comes back out of
        // order is simply another row, with its own number.
        while let Some(current) = cell.take_if(|c| c.get_position().0 == row) {
            let column = current.get_position().1 as usize;
            if cells.len() <= column {
                cells.resize(column + 1, String::new());
            }
            cells[column] = cell_text(current.get_value());
            cell = self.next_cell();
        }
        self.pending = cell;
        Some((row as usize + 1, cells))
    }
}

/// A cell as a CSV conversion writes it.
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Empty => String::new(),
        DataRef::String(text) | DataRef::DurationIso(text) => text.clone(),
        DataRef::SharedString(text) => text.to_string(),
        DataRef::DateTimeIso(text) => iso_date(text).unwrap_or_else(|| text.clone()),
        DataRef::Int(n) => n.to_string(),
        // Display writes whole floats without a fraction: 4014329.0 → "4014329", a KB number.
        DataRef::Float(n) => n.to_string(),
        DataRef::Bool(true) => "TRUE".to_string(),
        DataRef::Bool(false) => "FALSE".to_string(),
        DataRef::DateTime(datetime) => date_text(datetime),
        DataRef::Error(error) => error.to_string(),
    }
}

/// A date cell as `m/d/yyyy`, which `bulletin` reads. Going through the calendar date rather
/// than the serial number keeps workbooks saved with the 1904 date system right (their serials
/// are 1462 days smaller). Durations, times of day (serial below 1) and Excel's fictitious
/// 1900-02-29 have no calendar date: they stay a serial number, as in a CSV conversion, for
/// `bulletin` to judge.
fn date_text(datetime: &ExcelDateTime) -> String {
    let (year, month, day, ..) = datetime.to_ymd_hms_milli();
    match NaiveDate::from_ymd_opt(year.into(), month.into(), day.into()) {
        Some(_) if datetime.is_datetime() && datetime.as_f64() >= 1.0 => {
            format!("{month}/{day}/{year}")
        }
        _ => datetime.as_f64().to_string(),
    }
}

/// An ISO 8601 date cell (`t="d"`, `2017-03-14T00:00:00`) as `m/d/yyyy`; `None` for a time
/// alone.
fn iso_date(text: &str) -> Option<String> {
    let date = NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()?;
    matches!(text.as_bytes().get(10), None | Some(b'T' | b' '))
        .then(|| date.format("%-m/%-d/%Y").to_string())
}

#[cfg(test)]
mod tests {
    use calamine::{CellErrorType, ExcelDateTimeType};

    use super::*;

    const RECENT: &[u8] =
        include_bytes!("../../tests/fixtures/bulletin/BulletinSearch_vuls_fixture.xlsx");
    const OLD: &[u8] =
        include_bytes!("../../tests/fixtures/bulletin/BulletinSearch2001-2008_vuls_fixture.xlsx");
    const RECENT_CSV: &str =
        include_str!("../../tests/fixtures/bulletin/BulletinSearch_vuls_fixture.csv");
    const OLD_CSV: &str =
        include_str!("../../tests/fixtures/bulletin/BulletinSearch2001-2008_vuls_fixture.csv");

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    /// The IEEE CRC-32 a zip entry carries.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// A zip of uncompressed entries, for workbooks written by the tests.
    fn stored_zip(entries: &[(&str, String)]) -> Vec<u8> {
        let (mut zip, mut directory) = (Vec::new(), Vec::new());
        for (name, content) in entries {
            let (name, content) = (name.as_bytes(), content.as_bytes());
            let offset = zip.len() as u32;
            // Version, flags, method (stored), time, date; CRC, sizes, name length, extra length.
            let mut fields = vec![20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0];
            fields.extend(crc32(content).to_le_bytes());
            fields.extend((content.len() as u32).to_le_bytes());
            fields.extend((content.len() as u32).to_le_bytes());
            fields.extend((name.len() as u16).to_le_bytes());
            fields.extend([0, 0]);
            zip.extend(ZIP_ENTRY);
            zip.extend(&fields);
            zip.extend(name);
            zip.extend(content);
            // Made by, then the same fields; comment length, disk, attributes, offset.
            directory.extend(b"PK\x01\x02\x14\x00");
            directory.extend(&fields);
            directory.extend([0; 10]);
            directory.extend(offset.to_le_bytes());
            directory.extend(name);
        }
        let (start, size) = (zip.len() as u32, directory.len() as u32);
        let count = (entries.len() as u16).to_le_bytes();
        zip.extend(directory);
        zip.extend(b"PK\x05\x06\x00\x00\x00\x00");
        zip.extend(count);
        zip.extend(count);
        zip.extend(size.to_le_bytes());
        zip.extend(start.to_le_bytes());
        zip.extend([0, 0]);
        zip
    }

    /// A one-sheet workbook around `sheet_data` (the `<row>` elements); style 1 is a date.
    fn workbook(sheet_data: &str, date_1904: bool) -> Vec<u8> {
        const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
        const DOC: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        let workbook_properties = if date_1904 {
            r#"<workbookPr date1904="1"/>"#
        } else {
            "<workbookPr/>"
        };
        stored_zip(&[
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#.to_string(),
            ),
            (
                "_rels/.rels",
                format!(r#"<?xml version="1.0"?><Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
            ),
            (
                "xl/workbook.xml",
                format!(r#"<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{DOC}">{workbook_properties}<sheets><sheet name="Bulletin Search" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                format!(r#"<?xml version="1.0"?><Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{DOC}/styles" Target="styles.xml"/></Relationships>"#),
            ),
            (
                "xl/styles.xml",
                format!(r#"<?xml version="1.0"?><styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#),
            ),
            (
                "xl/worksheets/sheet1.xml",
                format!(r#"<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>{sheet_data}</sheetData></worksheet>"#),
            ),
        ])
    }

    fn text(at: &str, text: &str) -> String {
        format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
    }

    fn number(at: &str, value: &str) -> String {
        format!(r#"<c r="{at}"><v>{value}</v></c>"#)
    }

    fn date(at: &str, serial: &str) -> String {
        format!(r#"<c r="{at}" s="1"><v>{serial}</v></c>"#)
    }

    fn row(number: u32, cells: &[String]) -> String {
        format!(r#"<row r="{number}">{}</row>"#, cells.concat())
    }

    fn header(number: u32) -> String {
        row(
            number,
            &[
                text(&format!("A{number}"), "Date Posted"),
                text(&format!("B{number}"), "Bulletin Id"),
            ],
        )
    }

    #[test]
    fn reads_the_same_rows_as_the_csv_twins() {
        for (xlsx, csv) in [(RECENT, RECENT_CSV), (OLD, OLD_CSV)] {
            let rows = parse_xlsx(xlsx).unwrap();
            assert_eq!(rows, bulletin::parse_csv(csv).unwrap());
            assert_eq!(rows.len(), 1);
        }
        // The points where the two forms differ in storage: a date cell against a serial in
        // text, KB numbers as number cells (2001–2008) against text, header line breaks.
        let recent = &parse_xlsx(RECENT).unwrap()[0];
        assert_eq!(recent.date_posted, ymd(2017, 3, 14));
        assert_eq!(recent.component_kb.as_deref(), Some("KB4014329"));
        let old = &parse_xlsx(OLD).unwrap()[0];
        assert_eq!(old.date_posted, ymd(2008, 11, 11));
        assert_eq!(old.bulletin_kb.as_deref(), Some("KB955218"));
        assert_eq!(old.component_kb.as_deref(), Some("KB955069"));
    }

    #[test]
    fn sniffs_workbooks_by_their_xl_entries() {
        assert!(looks_like_xlsx(RECENT));
        assert!(looks_like_xlsx(OLD));
        assert!(
            looks_like_xlsx(&RECENT[..512]),
            "the first entries are enough"
        );
        assert!(looks_like_xlsx(&workbook("", false)));

        assert!(!looks_like_xlsx(RECENT_CSV.as_bytes()));
        assert!(!looks_like_xlsx(OLD_CSV.as_bytes()));
        assert!(!looks_like_xlsx(b"\x8f\x13Zq\x00\xffxl/workbook.xml\x07"));
        assert!(!looks_like_xlsx(b""));
        assert!(!looks_like_xlsx(b"PK\x03\x04"));
        let document = stored_zip(&[
            ("[Content_Types].xml", String::new()),
            ("word/document.xml", String::new()),
        ]);
        assert!(!looks_like_xlsx(&document), "a Word document");
    }

    #[test]
    fn damaged_input_is_a_problem_not_a_panic() {
        let problem = parse_xlsx(&RECENT[..1000]).unwrap_err();
        assert_eq!(problem.line, None);
        assert!(
            problem
                .message
                .starts_with("not a readable xlsx workbook: "),
            "{problem}"
        );
        let problem = parse_xlsx(RECENT_CSV.as_bytes()).unwrap_err();
        assert!(
            problem
                .message
                .starts_with("not a readable xlsx workbook: "),
            "{problem}"
        );
        assert!(parse_xlsx(b"").is_err());

        for xlsx in [RECENT, OLD] {
            // Without the end of the zip (its directory), nothing is read.
            for cut in (0..xlsx.len()).step_by(7) {
                assert!(read_workbook(&xlsx[..cut]).is_err(), "cut at {cut}");
            }
            // Damage inside: an error, a panic in calamine turned into an error, or garbled
            // text (calamine does not check the entries' CRCs), never a panic out of here.
            for at in (0..xlsx.len()).step_by(11) {
                let mut damaged = xlsx.to_vec();
                damaged[at] ^= 0xff;
                let _ = parse_xlsx(&damaged);
            }
        }
    }

    #[test]
    fn problems_name_the_sheet_row() {
        // An empty formatted row 1, the header in row 2, empty rows, then data in row 5.
        let sheet = [
            r#"<row r="1"><c r="A1" s="1"/><c r="B1"/></row>"#.to_string(),
            header(2),
            row(
                5,
                &[
                    date("A5", "42808"),
                    text("B5", "MS17-023"),
                    number("C5", "4014329"),
                    text("H5", "n/a"),
                ],
            ),
        ];
        let problem = parse_xlsx(&workbook(&sheet.concat(), false)).unwrap_err();
        assert_eq!(problem.line, Some(5));
        assert_eq!(
            problem.message,
            "column 8 (Component KB): not a KB number: \"n/a\""
        );

        let problem = parse_xlsx(&workbook(&row(3, &[text("A3", "Title")]), false)).unwrap_err();
        assert_eq!(problem.line, Some(3));
        assert!(problem.message.starts_with("not a Bulletin Search header"));

        let problem = parse_xlsx(&workbook("", false)).unwrap_err();
        assert_eq!(problem.message, "empty Bulletin Search file");
    }

    #[test]
    fn date_cells_follow_the_workbook_date_system() {
        let data = |serial: &str| {
            row(
                2,
                &[
                    date("A2", serial),
                    text("B2", "MS17-023"),
                    number("C2", "4014329"),
                    // Cells may come out of column order.
                    number("H2", "4014329.0"),
                    text("G2", "Windows 10"),
                ],
            )
        };
        let rows = parse_xlsx(&workbook(&(header(1) + &data("42808")), false)).unwrap();
        assert_eq!(rows[0].date_posted, ymd(2017, 3, 14));
        assert_eq!(rows[0].bulletin_kb.as_deref(), Some("KB4014329"));
        assert_eq!(rows[0].component_kb.as_deref(), Some("KB4014329"));
        assert_eq!(rows[0].affected_product, "Windows 10");
        // The same day in a workbook saved with the 1904 date system.
        let rows = parse_xlsx(&workbook(&(header(1) + &data("41346")), true)).unwrap();
        assert_eq!(rows[0].date_posted, ymd(2017, 3, 14));
    }

    #[test]
    fn cells_out_of_excel_s_range_are_problems() {
        let far = header(1) + &row(2, &[text("XFE2", "x")]);
        let problem = parse_xlsx(&workbook(&far, false)).unwrap_err();
        assert_eq!(problem.line, Some(2));
        assert_eq!(
            problem.message,
            "a cell beyond Excel's last column (column 16385)"
        );

        // calamine overflows on this reference and panics (with overflow checks on).
        let overflowing = header(1) + &row(2, &[text("AAAAAAAAAAAAAAAA2", "x")]);
        let problem = parse_xlsx(&workbook(&overflowing, false)).unwrap_err();
        assert_eq!(
            problem.message,
            "not a readable xlsx workbook: its content is malformed"
        );
    }

    #[test]
    fn cells_read_as_a_csv_conversion_writes_them() {
        let datetime = |serial: f64, kind: ExcelDateTimeType, date_1904: bool| {
            cell_text(&DataRef::DateTime(ExcelDateTime::new(
                serial, kind, date_1904,
            )))
        };
        let day = ExcelDateTimeType::DateTime;
        assert_eq!(cell_text(&DataRef::Float(4014329.0)), "4014329");
        assert_eq!(cell_text(&DataRef::Float(0.5)), "0.5");
        assert_eq!(cell_text(&DataRef::Int(955218)), "955218");
        assert_eq!(cell_text(&DataRef::Empty), "");
        assert_eq!(cell_text(&DataRef::Bool(true)), "TRUE");
        assert_eq!(cell_text(&DataRef::Error(CellErrorType::NA)), "#N/A");
        assert_eq!(
            cell_text(&DataRef::SharedString("Date\nPosted")),
            "Date\nPosted"
        );
        assert_eq!(datetime(42808.0, day, false), "3/14/2017");
        assert_eq!(datetime(42808.75, day, false), "3/14/2017");
        assert_eq!(datetime(41346.0, day, true), "3/14/2017");
        assert_eq!(datetime(0.25, day, false), "0.25", "a time of day");
        assert_eq!(datetime(60.0, day, false), "60", "Excel's 1900-02-29");
        assert_eq!(datetime(1.5, ExcelDateTimeType::TimeDelta, false), "1.5");
        let iso = |text: &str| cell_text(&DataRef::DateTimeIso(text.to_string()));
        assert_eq!(iso("2017-03-14T00:00:00"), "3/14/2017");
        assert_eq!(iso("2017-03-14"), "3/14/2017");
        assert_eq!(iso("10:30:00"), "10:30:00");
        assert_eq!(
            cell_text(&DataRef::String("2017-03-14 notes".to_string())),
            "2017-03-14 notes"
        );
    }
}
