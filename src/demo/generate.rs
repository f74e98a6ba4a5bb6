//! `patchdesk demo generate`: inventory files of a made-up office for demos and benchmarks.
//!
//! One file per machine, in the formats and encodings PatchDesk imports (systeminfo in
//! Japanese CP932 and UTF-16LE, English ASCII, German CP850, French UTF-16LE; systeminfo
//! `/fo csv`; `Get-HotFix | Export-Csv` with `,` or `;`; the PatchDesk collector's JSON). The
//! content is realistic rather than random: real Windows builds and real KB numbers from the
//! MSRC documents of November 2022 to January 2023 (see [`catalog`]), so that catalog matching
//! finds genuine findings. The same seed always gives the same bytes.

mod catalog;
mod collector;
mod hotfix;
mod office;
mod systeminfo;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::{Duration, NaiveDateTime};

pub use office::{Layout, TextEncoding};

/// The seed `demo generate` uses unless told otherwise.
pub const DEFAULT_SEED: u64 = 2023;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GenerateOptions {
    pub machines: usize,
    pub seed: u64,
}

/// One inventory file, ready to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// `<HOSTNAME>-<format>.<ext>`.
    pub name: String,
    pub bytes: Vec<u8>,
    pub hostname: String,
    pub layout: Layout,
    pub encoding: TextEncoding,
    /// When the file was written on the machine (local Japan time), used as its modification
    /// time: sources that do not date themselves are dated by it.
    pub written_at: NaiveDateTime,
}

impl GeneratedFile {
    /// The format id PatchDesk's importer should detect.
    pub fn format_id(&self) -> &'static str {
        self.layout.format_id()
    }
}

/// What a run wrote, for the one-line summary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GenerateSummary {
    pub files: usize,
    pub bytes: u64,
    pub layouts: BTreeMap<Layout, usize>,
    pub encodings: BTreeMap<&'static str, usize>,
}

impl GenerateSummary {
    fn add(&mut self, file: &GeneratedFile) {
        self.files += 1;
        self.bytes += file.bytes.len() as u64;
        *self.layouts.entry(file.layout).or_default() += 1;
        *self
            .encodings
            .entry(file.encoding.detected_name())
            .or_default() += 1;
    }
}

/// Every file of the office, in memory (tests, small runs).
pub fn generate(options: GenerateOptions) -> Vec<GeneratedFile> {
    let mut files = Vec::with_capacity(options.machines);
    for_each_file(options, |file| {
        files.push(file);
        Ok(())
    })
    .unwrap_or_default();
    files
}

/// Writes every file into `dir` (created if missing), one at a time, and dates each with
/// the time it was written on its machine.
pub fn generate_into(dir: &Path, options: GenerateOptions) -> io::Result<GenerateSummary> {
    std::fs::create_dir_all(dir)?;
    let mut summary = GenerateSummary::default();
    for_each_file(options, |file| {
        let path: PathBuf = dir.join(&file.name);
        let mut handle = File::create(&path)?;
        handle.write_all(&file.bytes)?;
        handle.set_modified(system_time(file.written_at))?;
        summary.add(&file);
        Ok(())
    })?;
    Ok(summary)
}

fn for_each_file(
    options: GenerateOptions,
    mut each: impl FnMut(GeneratedFile) -> io::Result<()>,
) -> io::Result<()> {
    for_each_machine(options, |machine| each(render(&machine)))
}

/// The office's machines, one at a time. Each machine draws from its own generator, seeded
/// by the seed and its position, so one machine does not change when another does.
fn for_each_machine(
    options: GenerateOptions,
    mut each: impl FnMut(office::DemoMachine) -> io::Result<()>,
) -> io::Result<()> {
    let mut rng = Rng::new(options.seed);
    let planned = office::plan(options.machines, &mut rng);
    let mut first_dc = true;
    for (index, planned) in planned.into_iter().enumerate() {
        let is_dc =
            planned.kind == office::MachineKind::Server(office::ServerRole::DomainController);
        let mut machine_rng =
            Rng::new(options.seed ^ (index as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
        let machine = office::build_machine(planned, &mut machine_rng, is_dc && first_dc);
        first_dc &= !is_dc;
        each(machine)?;
    }
    Ok(())
}

fn render(machine: &office::DemoMachine) -> GeneratedFile {
    let variant = machine.variant;
    let text = match variant.layout {
        Layout::SysteminfoList => systeminfo::list(machine),
        Layout::SysteminfoCsv => systeminfo::csv(machine),
        Layout::GetHotFixCsv => hotfix::export_csv(machine),
        Layout::Collector => collector::json(machine),
    };
    // A minute or so after the last field was read.
    let written_at = match variant.layout {
        Layout::Collector => machine.collected_at,
        _ => machine.collected_at + Duration::seconds(3),
    };
    GeneratedFile {
        name: format!("{}-{}", machine.hostname, variant.layout.file_suffix()),
        bytes: encode(&text, variant.encoding),
        hostname: machine.hostname.clone(),
        layout: variant.layout,
        encoding: variant.encoding,
        written_at,
    }
}

/// Japan time (UTC+9) as a file time.
fn system_time(local: NaiveDateTime) -> SystemTime {
    let utc = (local - Duration::hours(9)).and_utc();
    SystemTime::from(utc)
}

/// The text's bytes as the writing tool stores them.
fn encode(text: &str, encoding: TextEncoding) -> Vec<u8> {
    match encoding {
        TextEncoding::Ascii => text
            .chars()
            .map(|c| if c.is_ascii() { c as u8 } else { b'?' })
            .collect(),
        TextEncoding::Utf8 => text.as_bytes().to_vec(),
        TextEncoding::Utf16Le => {
            let mut bytes = Vec::with_capacity(2 + text.len() * 2);
            bytes.extend_from_slice(&[0xFF, 0xFE]);
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            bytes
        }
        TextEncoding::Cp932 => encoding_rs::SHIFT_JIS.encode(text).0.into_owned(),
        TextEncoding::Cp850 => text.chars().map(cp850_byte).collect(),
    }
}

/// The CP850 byte of a character German or French systeminfo prints; `?` for others, as the
/// console does.
fn cp850_byte(c: char) -> u8 {
    const UPPER_HALF: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑ";
    if c.is_ascii() {
        return c as u8;
    }
    match c {
        'ß' => 0xE1,
        '\u{a0}' => 0xFF,
        c => UPPER_HALF
            .chars()
            .position(|candidate| candidate == c)
            .and_then(|index| u8::try_from(0x80 + index).ok())
            .unwrap_or(b'?'),
    }
}

/// SplitMix64: small, fast, and the same sequence on every platform.
pub(crate) struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` > 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound.max(1)
    }

    /// A number in `low..=high`.
    pub fn range(&mut self, low: u32, high: u32) -> u32 {
        let span = u64::from(high.saturating_sub(low)) + 1;
        low + u32::try_from(self.below(span)).unwrap_or(0)
    }

    pub fn percent(&mut self, percent: u32) -> bool {
        self.below(100) < u64::from(percent)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            return None;
        }
        items.get(self.below(items.len() as u64) as usize)
    }

    /// One of `choices`, each as likely as its weight.
    pub fn weighted<T: Copy>(&mut self, choices: &[(T, u32)]) -> T {
        let total: u64 = choices.iter().map(|&(_, weight)| u64::from(weight)).sum();
        let mut roll = self.below(total);
        for &(choice, weight) in choices {
            if roll < u64::from(weight) {
                return choice;
            }
            roll -= u64::from(weight);
        }
        choices[0].0
    }
}
