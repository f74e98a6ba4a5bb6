//! GLPI / FusionInventory agent inventories (XML, `REQUEST/CONTENT/…`, the OCS protocol).
//!
//! The sections PatchDesk needs are `HARDWARE`, `BIOS`, `OPERATINGSYSTEM`, `ACCESSLOG`,
//! `DRIVES` and `SOFTWARES`; everything else is skipped. Installed KBs are `SOFTWARES`
//! entries too: `NAME` is `KB4019215` (read from WMI) or contains one
//! (`Update for Microsoft Office 2010 (KB2553140) 64-Bit Edition`, from the registry).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use quick_xml::events::{BytesRef, Event};
use quick_xml::reader::Reader;

use super::hotfix::add_update;
use super::{
    InstalledProgram, InstalledUpdate, MachineReport, OsBuild, Parsed, Problem, normalize_kb,
};

/// The `CONTENT` children that are read; the others are skipped whole.
const SECTIONS: &[&str] = &[
    "ACCESSLOG",
    "BIOS",
    "DRIVES",
    "HARDWARE",
    "OPERATINGSYSTEM",
    "SOFTWARES",
];

/// True when the document element is `REQUEST` with a `CONTENT` (an inventory, not a
/// prolog or a network discovery, which GLPI sends in the same envelope).
pub fn recognizes(text: &str) -> bool {
    let Some(body) = after_prolog(text) else {
        return false;
    };
    body.starts_with("<REQUEST>")
        && body.contains("<CONTENT>")
        && !body.contains("<QUERY>NETDISCOVERY")
        && !body.contains("<QUERY>NETINVENTORY")
}

/// The text after the BOM, the XML declaration and any comments.
fn after_prolog(text: &str) -> Option<&str> {
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    loop {
        if let Some(declaration) = rest.strip_prefix("<?") {
            rest = declaration.split_once("?>")?.1.trim_start();
        } else if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.split_once("-->")?.1.trim_start();
        } else {
            return Some(rest);
        }
    }
}

/// Reads the one machine an agent inventory describes.
pub fn parse(text: &str) -> Result<Parsed, Problem> {
    let mut problems = Vec::new();
    let sections = read_sections(text, &mut problems)?;
    let report = machine_from(&sections, &mut problems);
    if report.hostname.is_empty() && report.os_name.is_none() && report.updates.is_empty() {
        return Err(Problem::general(
            "the GLPI inventory has no HARDWARE, OPERATINGSYSTEM or SOFTWARES data",
        ));
    }
    if report.hostname.is_empty() {
        problems.push(Problem::general(
            "the GLPI inventory has no HARDWARE/NAME: the machine's name must be given when importing it",
        ));
    }
    Ok(Parsed {
        machines: vec![report],
        problems,
    })
}

/// One occurrence of a `CONTENT` child: its fields by path below it (`NAME`,
/// `TIMEZONE/OFFSET`), and the line it starts on.
#[derive(Debug)]
struct Section {
    name: String,
    line: usize,
    fields: Vec<(String, String)>,
}

impl Section {
    fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
            .filter(|value| !value.is_empty())
    }
}

/// Streams the document and keeps the sections PatchDesk reads. A document cut short or
/// damaged keeps what came before it, with a problem; one that does not start as an agent
/// inventory is an `Err`.
fn read_sections(text: &str, problems: &mut Vec<Problem>) -> Result<Vec<Section>, Problem> {
    let mut reader = Reader::from_str(text);
    let mut lines = LineCounter::new(text);
    let mut path: Vec<String> = Vec::new();
    let mut sections: Vec<Section> = Vec::new();
    let mut current: Option<Section> = None;
    let mut value = String::new();
    let mut saw_request = false;

    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(error) => {
                let line = lines.line_at(reader.error_position());
                if !saw_request {
                    return Err(Problem::at(line, format!("not readable XML: {error}")));
                }
                problems.push(Problem::at(
                    line,
                    format!(
                        "the XML is damaged or cut short here ({error}); what came before was read"
                    ),
                ));
                break;
            }
        };
        match event {
            Event::Start(start) => {
                let name = start.local_name().as_ref().to_string();
                if path.is_empty() {
                    if name != "REQUEST" || saw_request {
                        return Err(Problem::general(format!(
                            "not a GLPI/FusionInventory inventory: the document element is <{name}>, not <REQUEST>"
                        )));
                    }
                    saw_request = true;
                }
                path.push(name);
                value.clear();
                if path.len() == 3 && path[1] == "CONTENT" && SECTIONS.contains(&path[2].as_str()) {
                    current = Some(Section {
                        name: path[2].clone(),
                        line: lines.line_at(reader.buffer_position()),
                        fields: Vec::new(),
                    });
                }
            }
            Event::Text(text) => value.push_str(&text.xml10_content()),
            Event::CData(data) => value.push_str(&data.xml10_content()),
            Event::GeneralRef(reference) => value.push_str(&resolve(&reference)),
            Event::End(_) => {
                if let Some(section) = current.as_mut()
                    && path.len() > 3
                {
                    section
                        .fields
                        .push((path[3..].join("/"), value.trim().to_string()));
                }
                value.clear();
                if path.len() == 3
                    && let Some(section) = current.take()
                {
                    sections.push(section);
                }
                path.pop();
            }
            Event::Eof => {
                if !path.is_empty() {
                    let line = lines.line_at(reader.buffer_position());
                    problems.push(Problem::at(
                        line,
                        "the XML ends before </REQUEST>: the file was cut short; what came before was read",
                    ));
                }
                break;
            }
            // Empty elements (`<SYSTEMDRIVE/>`), comments, declarations: nothing to keep.
            _ => {}
        }
    }
    if let Some(section) = current.take() {
        sections.push(section);
    }
    if !saw_request {
        return Err(Problem::general(
            "not a GLPI/FusionInventory inventory: no <REQUEST> document element",
        ));
    }
    Ok(sections)
}

/// `&amp;` and the other predefined entities, character references, and anything else kept
/// as written (agents never declare entities).
fn resolve(reference: &BytesRef<'_>) -> String {
    if let Ok(Some(character)) = reference.resolve_char_ref() {
        return character.to_string();
    }
    let name: &str = reference;
    quick_xml::escape::resolve_predefined_entity(name)
        .map_or_else(|| format!("&{name};"), str::to_string)
}

/// Turns byte positions into 1-based lines, moving forward only.
struct LineCounter<'a> {
    text: &'a str,
    counted_up_to: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text,
            counted_up_to: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, position: u64) -> usize {
        let position = usize::try_from(position)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        if position > self.counted_up_to {
            let newlines = self
                .text
                .as_bytes()
                .get(self.counted_up_to..position)
                .map_or(0, |bytes| bytes.iter().filter(|&&b| b == b'\n').count());
            self.line += newlines;
            self.counted_up_to = position;
        }
        self.line
    }
}

fn machine_from(sections: &[Section], problems: &mut Vec<Problem>) -> MachineReport {
    let first = |name: &str| sections.iter().find(|section| section.name == name);
    let field = |name: &str, key: &str| first(name).and_then(|s| s.get(key)).map(str::to_string);
    let offset = field("OPERATINGSYSTEM", "TIMEZONE/OFFSET").and_then(|o| utc_offset(&o));

    let mut report = MachineReport {
        hostname: field("HARDWARE", "NAME")
            .or_else(|| {
                field("OPERATINGSYSTEM", "FQDN")
                    .and_then(|fqdn| fqdn.split('.').next().map(str::to_string))
            })
            .unwrap_or_default(),
        domain: field("OPERATINGSYSTEM", "DNS_DOMAIN").or_else(|| field("HARDWARE", "WORKGROUP")),
        serial_number: field("BIOS", "SSN"),
        smbios_uuid: field("HARDWARE", "UUID"),
        os_name: field("OPERATINGSYSTEM", "FULL_NAME").or_else(|| field("HARDWARE", "OSNAME")),
        // GLPI Agent puts the display version (`22H2`) here; FusionInventory leaves it out.
        os_display_version: field("OPERATINGSYSTEM", "VERSION")
            .filter(|v| looks_like_display_version(v)),
        os_build: field("OPERATINGSYSTEM", "KERNEL_VERSION")
            .or_else(|| field("HARDWARE", "OSVERSION"))
            .and_then(|version| version.parse::<OsBuild>().ok()),
        architecture: field("OPERATINGSYSTEM", "ARCH"),
        registered_owner: field("HARDWARE", "WINOWNER"),
        last_boot: field("OPERATINGSYSTEM", "BOOT_TIME").and_then(|t| local_time(&t, offset)),
        collected_at: field("ACCESSLOG", "LOGDATE").and_then(|t| local_time(&t, offset)),
        system_drive_free_bytes: sections
            .iter()
            .filter(|section| section.name == "DRIVES" && section.get("SYSTEMDRIVE") == Some("1"))
            .find_map(|drive| drive.get("FREE")?.parse::<u64>().ok())
            // The agent reports megabytes (rounded down).
            .map(|megabytes| megabytes.saturating_mul(1024 * 1024)),
        ..MachineReport::default()
    };

    for software in sections
        .iter()
        .filter(|section| section.name == "SOFTWARES")
    {
        add_software(&mut report, software, problems);
    }
    report
}

/// A `SOFTWARES` entry: an installed KB, or a program.
fn add_software(report: &mut MachineReport, software: &Section, problems: &mut Vec<Problem>) {
    let Some(name) = software.get("NAME").map(str::trim) else {
        problems.push(Problem::at(
            software.line,
            "SOFTWARES entry without a NAME, skipped",
        ));
        return;
    };
    let Some(kb) = kb_named_in(name).or_else(|| software.get("GUID").and_then(kb_named_in)) else {
        report.programs.push(InstalledProgram {
            name: name.to_string(),
            version: software.get("VERSION").map(str::to_string),
            publisher: software.get("PUBLISHER").map(str::to_string),
        });
        return;
    };
    let installed_on = software.get("INSTALLDATE").and_then(|date| {
        let parsed = install_date(date);
        if parsed.is_none() {
            problems.push(Problem::at(
                software.line,
                format!("{kb}: INSTALLDATE {date:?} is not a date PatchDesk can read"),
            ));
        }
        parsed
    });
    // A bare `KB4019215` says nothing; its RELEASE_TYPE does. A registry name says it all.
    let description = if normalize_kb(name).is_some_and(|only_kb| only_kb.len() == name.len()) {
        software
            .get("RELEASE_TYPE")
            .or(software.get("COMMENTS"))
            .map(str::to_string)
    } else {
        Some(name.to_string())
    };
    add_update(
        report,
        InstalledUpdate {
            kb,
            installed_on,
            description,
        },
    );
}

/// The first `KB` + 5 to 8 digits standing as a word (`(KB2553140)`, `KB4019215`).
fn kb_named_in(text: &str) -> Option<String> {
    let upper = text.to_ascii_uppercase();
    upper.match_indices("KB").find_map(|(index, _)| {
        let starts_word = upper[..index]
            .chars()
            .next_back()
            .is_none_or(|before| !before.is_ascii_alphanumeric());
        let digits: String = upper[index + 2..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let ends_word = upper[index + 2 + digits.len()..]
            .chars()
            .next()
            .is_none_or(|after| !after.is_ascii_alphanumeric());
        (starts_word && ends_word)
            .then(|| normalize_kb(&digits))
            .flatten()
    })
}

/// FusionInventory writes `dd/mm/yyyy` (it reformats the registry's `yyyymmdd` and WMI's
/// `m/d/yyyy` the same way); GLPI Agent may write ISO dates.
fn install_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d"))
        .ok()
}

fn looks_like_display_version(text: &str) -> bool {
    let bytes = text.as_bytes();
    match bytes {
        [a, b, b'H', c] => a.is_ascii_digit() && b.is_ascii_digit() && c.is_ascii_digit(),
        [_, _, _, _] => bytes.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

/// `+0200` → UTC+2.
fn utc_offset(text: &str) -> Option<FixedOffset> {
    let sign = match text.get(..1)? {
        "+" => 1,
        "-" => -1,
        _ => return None,
    };
    let hours: i32 = text.get(1..3)?.parse().ok()?;
    let minutes: i32 = text.get(3..5)?.parse().ok()?;
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// The agent writes local times (`2017-05-15 09:23:09`); with `TIMEZONE/OFFSET` they become
/// exact. Without it they are taken as UTC, which is at most a few hours off for a boot time.
fn local_time(text: &str, offset: Option<FixedOffset>) -> Option<DateTime<Utc>> {
    let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").ok()?;
    match offset {
        Some(offset) => local
            .and_local_timezone(offset)
            .single()
            .map(|time| time.with_timezone(&Utc)),
        None => Some(local.and_utc()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/inventory/glpi/glpi_fusioninventory_win81_fr.xml"
    );

    fn fixture() -> String {
        std::fs::read_to_string(FIXTURE).expect("GLPI fixture")
    }

    #[test]
    fn french_windows_8_1_inventory() {
        let text = fixture();
        assert!(recognizes(&text));
        let parsed = parse(&text).unwrap();
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let machine = &parsed.machines[0];
        assert_eq!(machine.hostname, "pc-arg-23");
        assert_eq!(machine.domain.as_deref(), Some("cedre.local"));
        assert_eq!(machine.serial_number.as_deref(), Some("CZC0479792"));
        assert_eq!(
            machine.smbios_uuid.as_deref(),
            Some("33E737A8-F827-11DF-9297-47C0A301005A")
        );
        assert_eq!(
            machine.os_name.as_deref(),
            Some("Microsoft Windows 8.1 Professionnel")
        );
        assert_eq!(machine.os_build, Some(OsBuild::new(6, 3, 9600, None)));
        assert_eq!(machine.os_display_version, None);
        assert_eq!(machine.architecture.as_deref(), Some("64-bit"));
        // `<WINOWNER> </WINOWNER>`: blank is unknown.
        assert_eq!(machine.registered_owner, None);
        // 09:23:09 and 18:38:07 at +0200.
        assert_eq!(
            machine.last_boot.map(|t| t.to_rfc3339()).as_deref(),
            Some("2017-05-15T07:23:09+00:00")
        );
        assert_eq!(
            machine.collected_at.map(|t| t.to_rfc3339()).as_deref(),
            Some("2017-05-15T16:38:07+00:00")
        );
        assert_eq!(machine.system_drive_free_bytes, Some(71_954 * 1024 * 1024));

        let updates: Vec<_> = machine
            .updates
            .iter()
            .map(|u| (u.kb.as_str(), u.installed_on, u.description.as_deref()))
            .collect();
        assert_eq!(
            updates,
            [
                (
                    "KB2553140",
                    NaiveDate::from_ymd_opt(2017, 5, 10),
                    Some("Update for Microsoft Office 2010 (KB2553140) 64-Bit Edition")
                ),
                (
                    "KB4019215",
                    NaiveDate::from_ymd_opt(2017, 5, 11),
                    Some("Security Update")
                ),
            ]
        );

        let names: Vec<&str> = machine.programs.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "CCleaner",
                "FusionInventory Agent 2.3.19 (x64 edition)",
                "Microsoft Visual Studio 2010 Tools for Office Runtime (x64)",
                "Module linguistique Microsoft Visual Studio 2010 Tools pour Office Runtime (x64) - FRA",
                "Microsoft Office Famille et Petite Entreprise 2010",
                "OpenVPN 2.3.8-I001",
            ]
        );
        let office = &machine.programs[4];
        assert_eq!(office.version.as_deref(), Some("14.0.7015.1000"));
        assert_eq!(office.publisher.as_deref(), Some("Microsoft Corporation"));
        assert_eq!(machine.programs[5].publisher, None);
    }

    #[test]
    fn kb_numbers_are_found_as_words_only() {
        assert_eq!(
            kb_named_in("Mise à jour de sécurité pour Microsoft Windows (KB3045999)").as_deref(),
            Some("KB3045999")
        );
        assert_eq!(kb_named_in("KB4019215").as_deref(), Some("KB4019215"));
        assert_eq!(
            kb_named_in("Hotfix for Windows XP (kb952287)").as_deref(),
            Some("KB952287")
        );
        assert_eq!(kb_named_in("SKB1234567 tool"), None);
        assert_eq!(kb_named_in("KB12"), None);
        assert_eq!(kb_named_in("CCleaner"), None);
    }

    #[test]
    fn minimal_inventory_with_entities_and_no_offset() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<REQUEST>\n<CONTENT>\n\
            <HARDWARE><NAME>SOUMU&#45;PC01</NAME><WORKGROUP>WORKGROUP</WORKGROUP></HARDWARE>\n\
            <OPERATINGSYSTEM><FULL_NAME>Microsoft Windows 11 Pro</FULL_NAME><KERNEL_VERSION>10.0.22631</KERNEL_VERSION>\
            <VERSION>23H2</VERSION><BOOT_TIME>2024-01-05 08:00:00</BOOT_TIME></OPERATINGSYSTEM>\n\
            <SOFTWARES><NAME>Tom &amp; Jerry</NAME></SOFTWARES>\n\
            <SOFTWARES><VERSION>1.0</VERSION></SOFTWARES>\n\
            <SOFTWARES><NAME>KB5033375</NAME><INSTALLDATE>someday</INSTALLDATE></SOFTWARES>\n\
            </CONTENT>\n<QUERY>INVENTORY</QUERY>\n</REQUEST>\n";
        assert!(recognizes(text));
        let parsed = parse(text).unwrap();
        let machine = &parsed.machines[0];
        assert_eq!(machine.hostname, "SOUMU-PC01");
        assert_eq!(machine.domain.as_deref(), Some("WORKGROUP"));
        assert_eq!(machine.os_display_version.as_deref(), Some("23H2"));
        assert_eq!(machine.os_build, Some(OsBuild::new(10, 0, 22631, None)));
        assert_eq!(
            machine.last_boot.map(|t| t.to_rfc3339()).as_deref(),
            Some("2024-01-05T08:00:00+00:00")
        );
        assert_eq!(machine.programs[0].name, "Tom & Jerry");
        assert_eq!(machine.updates[0].kb, "KB5033375");
        assert_eq!(machine.updates[0].installed_on, None);
        let lines: Vec<_> = parsed.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(7), Some(8)]);
    }

    #[test]
    fn other_documents_are_refused() {
        assert!(!recognizes(
            "<?xml version=\"1.0\"?>\n<cvrfdoc xmlns=\"http://www.icasi.org/CVRF/schema/cvrf/1.1\">"
        ));
        assert!(!recognizes(
            "<REQUEST><DEVICEID>x</DEVICEID><QUERY>PROLOG</QUERY></REQUEST>"
        ));
        assert!(!recognizes(
            "<REQUEST><CONTENT><DEVICE/></CONTENT><QUERY>NETINVENTORY</QUERY></REQUEST>"
        ));
        assert!(!recognizes("Caption  CSName  HotFixID"));
        assert!(parse("<cvrfdoc><a/></cvrfdoc>").is_err());
        assert!(parse("").is_err());
        assert!(parse("<REQUEST><CONTENT></CONTENT></REQUEST>").is_err());
        assert!(parse("not xml at all <<<").is_err());
    }

    #[test]
    fn truncated_inventory_keeps_what_came_before() {
        let text = fixture();
        // Inside the third SOFTWARES entry, after its NAME.
        let third_software = text.match_indices("<SOFTWARES>").nth(2).unwrap().0;
        let cut = third_software + text[third_software..].find("</NAME>").unwrap() + 7;
        let parsed = parse(&text[..cut]).unwrap();
        let machine = &parsed.machines[0];
        assert_eq!(machine.hostname, "pc-arg-23");
        assert_eq!(machine.programs.len(), 3);
        assert_eq!(parsed.problems.len(), 1);
        assert!(parsed.problems[0].message.contains("cut short"));
        // Cut inside a tag: quick-xml reports the error, the sections before are kept.
        let parsed = parse(&text[..cut - 3]).unwrap();
        assert_eq!(parsed.machines[0].programs.len(), 2);
        assert!(parsed.problems[0].line.is_some());
    }

    #[test]
    fn truncated_and_garbled_inputs_never_panic() {
        let text = fixture();
        let step = (text.len() / 400).max(1);
        for (cut, _) in text
            .char_indices()
            .filter(|(index, _)| index % step == 0 || *index < 300)
        {
            let _ = recognizes(&text[..cut]);
            let _ = parse(&text[..cut]);
            let _ = parse(&text[cut..]);
            let _ = parse(&text[..cut].replace("</", "<"));
        }
    }
}
