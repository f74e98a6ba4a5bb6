//! CVRF 1.1 XML, read as a stream (no DOM): real imports are a hundred 2 MB documents.
//! Elements are matched by local name, so namespace prefixes do not matter.

use std::borrow::Cow;
use std::collections::HashSet;

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::model::*;
use crate::inventory::Problem;

/// The elements this parser cares about; everything else is `Other`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    DocumentTitle,
    DocumentTracking,
    Identification,
    Id,
    Alias,
    InitialReleaseDate,
    CurrentReleaseDate,
    ProductTree,
    FullProductName,
    Vulnerability,
    Title,
    Cve,
    ProductStatuses,
    Status,
    ProductId,
    Threats,
    Threat,
    Description,
    ScoreSet,
    BaseScore,
    TemporalScore,
    Vector,
    Remediations,
    Remediation,
    Url,
    Supercedence,
    RestartRequired,
    SubType,
    FixedBuild,
    Other,
}

impl Tag {
    fn of(local: &str) -> Tag {
        match local {
            "DocumentTitle" => Tag::DocumentTitle,
            "DocumentTracking" => Tag::DocumentTracking,
            "Identification" => Tag::Identification,
            "ID" => Tag::Id,
            "Alias" => Tag::Alias,
            "InitialReleaseDate" => Tag::InitialReleaseDate,
            "CurrentReleaseDate" => Tag::CurrentReleaseDate,
            "ProductTree" => Tag::ProductTree,
            "FullProductName" => Tag::FullProductName,
            "Vulnerability" => Tag::Vulnerability,
            "Title" => Tag::Title,
            "CVE" => Tag::Cve,
            "ProductStatuses" => Tag::ProductStatuses,
            "Status" => Tag::Status,
            "ProductID" => Tag::ProductId,
            "Threats" => Tag::Threats,
            "Threat" => Tag::Threat,
            "Description" => Tag::Description,
            "ScoreSet" => Tag::ScoreSet,
            "BaseScore" => Tag::BaseScore,
            "TemporalScore" => Tag::TemporalScore,
            "Vector" => Tag::Vector,
            "Remediations" => Tag::Remediations,
            "Remediation" => Tag::Remediation,
            "URL" => Tag::Url,
            "Supercedence" => Tag::Supercedence,
            "RestartRequired" => Tag::RestartRequired,
            "SubType" => Tag::SubType,
            "FixedBuild" => Tag::FixedBuild,
            _ => Tag::Other,
        }
    }

    /// Elements whose text we read (the others may hold large HTML notes we skip).
    fn is_leaf(self) -> bool {
        !matches!(
            self,
            Tag::DocumentTracking
                | Tag::Identification
                | Tag::ProductTree
                | Tag::Vulnerability
                | Tag::ProductStatuses
                | Tag::Status
                | Tag::Threats
                | Tag::Threat
                | Tag::ScoreSet
                | Tag::Remediations
                | Tag::Remediation
                | Tag::Other
        )
    }
}

/// Everything collected so far; turned into a `CvrfDocument` at the end.
#[derive(Default)]
struct State {
    id: Option<String>,
    alias: Option<String>,
    title: Option<String>,
    /// Text and line, checked at the end.
    initial_release: Option<(String, usize)>,
    current_release: Option<(String, usize)>,
    products: Vec<Product>,
    product_ids: HashSet<String>,
    /// Id of the `FullProductName` being read.
    product_id: Option<String>,
    vulnerabilities: Vec<Vulnerability>,
    vulnerability: Option<Vulnerability>,
    /// Inside a `Status Type="Known Affected"`.
    known_affected: bool,
    threat: Option<Threat>,
    score: Option<PartialScore>,
    remediation: Option<Remediation>,
}

#[derive(Default)]
struct PartialScore {
    base: Option<f32>,
    temporal: Option<f32>,
    vector: Option<String>,
    product_ids: Vec<String>,
}

fn empty_vulnerability() -> Vulnerability {
    Vulnerability {
        cve: String::new(),
        title: String::new(),
        threats: Vec::new(),
        cvss: Vec::new(),
        remediations: Vec::new(),
        known_affected: Vec::new(),
    }
}

/// 1-based line of a byte offset (only computed when needed).
fn line_at(text: &str, offset: u64) -> usize {
    let end = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(text.len());
    1 + text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

fn attribute<'e>(start: &'e BytesStart<'_>, name: &str) -> Option<Cow<'e, str>> {
    for a in start.attributes().with_checks(false).flatten() {
        if a.key.local_name().as_ref() == name {
            return Some(match a.normalized_value(XmlVersion::Implicit1_0) {
                Ok(value) => value,
                Err(_) => a.value,
            });
        }
    }
    None
}

fn push_reference(text: &mut String, reference: &BytesRef<'_>) {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        text.push(c);
        return;
    }
    match reference.as_ref() {
        "lt" => text.push('<'),
        "gt" => text.push('>'),
        "amp" => text.push('&'),
        "quot" => text.push('"'),
        "apos" => text.push('\''),
        other => {
            text.push('&');
            text.push_str(other);
            text.push(';');
        }
    }
}

pub(crate) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Does this look like an MSRC CVRF XML document? Only looks at the first few kilobytes.
pub fn recognizes_xml(text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if !text.starts_with('<') {
        return false;
    }
    let head = &text.as_bytes()[..text.len().min(4096)];
    contains(head, b"cvrfdoc") && contains(head, b"icasi.org/CVRF")
}

/// Reads a CVRF 1.1 XML document (with or without its UTF-8 BOM).
pub fn parse_xml(text: &str) -> Result<CvrfDocument, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Tag> = Vec::with_capacity(16);
    let mut buf = String::with_capacity(256);
    let mut collecting = false;
    let mut state = State::default();
    let mut seen_root = false;

    loop {
        let event = reader.read_event().map_err(|e| {
            Problem::at(
                line_at(text, reader.error_position()),
                format!("not well-formed XML: {e}"),
            )
        })?;
        match event {
            Event::Start(start) => {
                seen_root = true;
                let tag = Tag::of(start.local_name().as_ref());
                open(&mut state, tag, stack.last().copied(), &start);
                stack.push(tag);
                buf.clear();
                collecting = tag.is_leaf();
            }
            Event::Empty(start) => {
                seen_root = true;
                let tag = Tag::of(start.local_name().as_ref());
                let parent = stack.last().copied();
                open(&mut state, tag, parent, &start);
                let line = || line_at(text, reader.buffer_position());
                close(&mut state, tag, parent, "", line)?;
                buf.clear();
                collecting = false;
            }
            Event::End(_) => {
                let Some(tag) = stack.pop() else {
                    return Err(Problem::at(
                        line_at(text, reader.buffer_position()),
                        "closing tag without an opening tag",
                    ));
                };
                let line = || line_at(text, reader.buffer_position());
                close(&mut state, tag, stack.last().copied(), buf.trim(), line)?;
                buf.clear();
                collecting = false;
            }
            Event::Text(t) if collecting => buf.push_str(&t.xml10_content()),
            Event::CData(t) if collecting => buf.push_str(&t.into_inner()),
            Event::GeneralRef(r) if collecting => push_reference(&mut buf, &r),
            Event::Eof => break,
            _ => {}
        }
    }
    let end_line = line_at(text, text.len() as u64);
    if !seen_root {
        return Err(Problem::at(end_line, "no XML element: not a CVRF document"));
    }
    if !stack.is_empty() {
        return Err(Problem::at(
            end_line,
            "the document ends early (truncated file?)",
        ));
    }
    finish(state, end_line)
}

fn open(state: &mut State, tag: Tag, parent: Option<Tag>, start: &BytesStart<'_>) {
    match tag {
        Tag::FullProductName => {
            state.product_id = attribute(start, "ProductID").map(|id| id.trim().to_string());
        }
        Tag::Vulnerability => state.vulnerability = Some(empty_vulnerability()),
        Tag::Status if parent == Some(Tag::ProductStatuses) => {
            state.known_affected =
                attribute(start, "Type").is_some_and(|t| t.trim() == "Known Affected");
        }
        Tag::Threat if parent == Some(Tag::Threats) => {
            let kind = attribute(start, "Type")
                .map(|t| ThreatKind::from_xml(t.trim()))
                .unwrap_or(ThreatKind::Other(String::new()));
            state.threat = Some(Threat {
                kind,
                description: String::new(),
                product_ids: Vec::new(),
            });
        }
        Tag::ScoreSet => state.score = Some(PartialScore::default()),
        Tag::Remediation if parent == Some(Tag::Remediations) => {
            let kind = attribute(start, "Type")
                .map(|t| RemediationKind::from_xml(t.trim()))
                .unwrap_or(RemediationKind::Other);
            state.remediation = Some(Remediation {
                kind,
                description: String::new(),
                kb: None,
                url: None,
                supercedes: Vec::new(),
                sub_type: None,
                restart_required: None,
                fixed_build: None,
                product_ids: Vec::new(),
            });
        }
        _ => {}
    }
}

fn close(
    state: &mut State,
    tag: Tag,
    parent: Option<Tag>,
    text: &str,
    line: impl Fn() -> usize,
) -> Result<(), Problem> {
    let owned = || text.to_string();
    match (tag, parent) {
        (Tag::DocumentTitle, _) if state.title.is_none() => state.title = Some(owned()),
        (Tag::Id, Some(Tag::Identification)) => state.id = Some(owned()),
        (Tag::Alias, Some(Tag::Identification)) => state.alias = Some(owned()),
        (Tag::InitialReleaseDate, Some(Tag::DocumentTracking)) => {
            state.initial_release = Some((owned(), line()))
        }
        (Tag::CurrentReleaseDate, Some(Tag::DocumentTracking)) => {
            state.current_release = Some((owned(), line()))
        }
        (Tag::FullProductName, _) => {
            if let Some(id) = state.product_id.take()
                && !id.is_empty()
                && !state.product_ids.contains(&id)
            {
                state.product_ids.insert(id.clone());
                state.products.push(Product { id, name: owned() });
            }
        }
        (Tag::Title, Some(Tag::Vulnerability)) => {
            if let Some(v) = state.vulnerability.as_mut() {
                v.title = owned();
            }
        }
        (Tag::Cve, Some(Tag::Vulnerability)) => {
            if let Some(v) = state.vulnerability.as_mut() {
                v.cve = owned();
            }
        }
        (Tag::ProductId, Some(Tag::Status)) => {
            if state.known_affected
                && let Some(v) = state.vulnerability.as_mut()
            {
                v.known_affected.push(owned());
            }
        }
        (Tag::Status, Some(Tag::ProductStatuses)) => state.known_affected = false,
        (Tag::Description, Some(Tag::Threat)) => {
            if let Some(t) = state.threat.as_mut() {
                t.description = owned();
            }
        }
        (Tag::ProductId, Some(Tag::Threat)) => {
            if let Some(t) = state.threat.as_mut() {
                t.product_ids.push(owned());
            }
        }
        (Tag::Threat, Some(Tag::Threats)) => {
            if let (Some(t), Some(v)) = (state.threat.take(), state.vulnerability.as_mut()) {
                v.threats.push(t);
            }
        }
        (Tag::BaseScore | Tag::TemporalScore, Some(Tag::ScoreSet)) => {
            let value = if text.is_empty() {
                None
            } else {
                Some(
                    text.parse::<f32>()
                        .map_err(|_| Problem::at(line(), format!("not a CVSS score: {text:?}")))?,
                )
            };
            if let Some(s) = state.score.as_mut() {
                if tag == Tag::BaseScore {
                    s.base = value;
                } else {
                    s.temporal = value;
                }
            }
        }
        (Tag::Vector, Some(Tag::ScoreSet)) => {
            if let Some(s) = state.score.as_mut() {
                s.vector = non_empty(owned());
            }
        }
        (Tag::ProductId, Some(Tag::ScoreSet)) => {
            if let Some(s) = state.score.as_mut() {
                s.product_ids.push(owned());
            }
        }
        (Tag::ScoreSet, _) => {
            if let (Some(s), Some(v)) = (state.score.take(), state.vulnerability.as_mut())
                && let Some(base) = s.base
            {
                v.cvss.push(CvssScore {
                    base,
                    temporal: s.temporal,
                    vector: s.vector,
                    product_ids: s.product_ids,
                });
            }
        }
        (_, Some(Tag::Remediation)) => {
            if let Some(r) = state.remediation.as_mut() {
                match tag {
                    Tag::Description => {
                        r.description = owned();
                        r.kb = kb_from(text);
                    }
                    Tag::Url => r.url = non_empty(owned()),
                    Tag::Supercedence => r.supercedes = split_supercedence(text),
                    Tag::ProductId => r.product_ids.push(owned()),
                    Tag::RestartRequired => r.restart_required = RestartRequired::parse(text),
                    Tag::SubType => r.sub_type = non_empty(owned()),
                    Tag::FixedBuild => r.fixed_build = non_empty(owned()),
                    _ => {}
                }
            }
        }
        (Tag::Remediation, Some(Tag::Remediations)) => {
            if let (Some(r), Some(v)) = (state.remediation.take(), state.vulnerability.as_mut()) {
                v.remediations.push(r);
            }
        }
        (Tag::Vulnerability, _) => {
            if let Some(v) = state.vulnerability.take() {
                if v.cve.is_empty() {
                    return Err(Problem::at(line(), "a vulnerability without a CVE"));
                }
                state.vulnerabilities.push(v);
            }
        }
        _ => {}
    }
    Ok(())
}

fn finish(state: State, end_line: usize) -> Result<CvrfDocument, Problem> {
    let id = state
        .id
        .filter(|id| !id.is_empty())
        .ok_or_else(|| Problem::at(end_line, "no DocumentTracking/Identification/ID"))?;
    let date = |field: Option<(String, usize)>, name: &str| match field {
        Some((text, line)) => parse_date(&text)
            .ok_or_else(|| Problem::at(line, format!("{name} is not a date: {text:?}"))),
        None => Err(Problem::at(end_line, format!("no {name}"))),
    };
    let initial_release = date(state.initial_release, "InitialReleaseDate")?;
    let current_release = date(state.current_release, "CurrentReleaseDate")?;
    Ok(CvrfDocument {
        alias: state.alias.unwrap_or_default(),
        title: state.title.unwrap_or_default(),
        id,
        initial_release,
        current_release,
        products: state.products,
        vulnerabilities: state.vulnerabilities,
    })
}
