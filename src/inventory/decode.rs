//! Turning an inventory file's bytes into text, whatever Windows wrote it in.
//!
//! Admins hand us what `systeminfo`, `wmic` or PowerShell left on disk: UTF-16LE with a BOM
//! (a PowerShell 5.1 redirect), UTF-16 that lost its BOM (a file cut or re-saved), UTF-8,
//! or the console's OEM code page (`cmd > file`: CP437/CP850 in the West, CP932 in Japan,
//! CP936 in China, CP866 in Russia). The ANSI code pages (windows-1252 …) also turn up when
//! a file went through Notepad. `chardetng` guesses among the code pages `encoding_rs`
//! knows; it knows no DOS Latin code page, so CP850 and CP437 are decoded here and weighed
//! against its guess.

use std::borrow::Cow;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

/// A file's text with `\n` line endings, and the name of the encoding it was read in
/// ("UTF-8", "UTF-16LE", "CP850", "Shift_JIS (CP932)", "windows-1252" …), for the preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedText {
    pub text: String,
    pub encoding: &'static str,
}

/// Decodes `bytes`: a BOM wins; then UTF-16 recognised by its zero bytes; then UTF-8 when
/// the bytes are valid UTF-8; otherwise the most plausible legacy code page. Never fails:
/// bytes that do not fit become U+FFFD.
pub fn decode(bytes: &[u8]) -> DecodedText {
    let (raw, encoding) = decode_raw(bytes);
    DecodedText {
        text: normalize(&raw),
        encoding,
    }
}

fn decode_raw(bytes: &[u8]) -> (Cow<'_, str>, &'static str) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8_lossy(rest), "UTF-8");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return (UTF_16LE.decode_without_bom_handling(rest).0, "UTF-16LE");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return (UTF_16BE.decode_without_bom_handling(rest).0, "UTF-16BE");
    }
    if let Some(encoding) = sniff_utf16(bytes) {
        let name = if encoding == UTF_16LE {
            "UTF-16LE"
        } else {
            "UTF-16BE"
        };
        return (encoding.decode_without_bom_handling(bytes).0, name);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (Cow::Borrowed(text), "UTF-8");
    }
    let (text, name) = decode_legacy(bytes);
    (Cow::Owned(text), name)
}

/// UTF-16 without a BOM, recognised by the zero high bytes of its ASCII characters (which
/// Windows text is mostly made of: labels, digits, spaces). Single-byte text has almost no
/// zero bytes, so a third of the code units looking like ASCII is already decisive.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    const SAMPLE_BYTES: usize = 4096;
    let sample = bytes.get(..SAMPLE_BYTES).unwrap_or(bytes);
    let units = sample.len() / 2;
    if units < 2 {
        return None;
    }
    let (mut little_endian_ascii, mut big_endian_ascii) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        match pair {
            [low, 0] if *low != 0 => little_endian_ascii += 1,
            [0, low] if *low != 0 => big_endian_ascii += 1,
            _ => {}
        }
    }
    let decisive = |ours: usize, theirs: usize| ours * 3 >= units && theirs * 8 <= ours;
    if decisive(little_endian_ascii, big_endian_ascii) {
        Some(UTF_16LE)
    } else if decisive(big_endian_ascii, little_endian_ascii) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// A DOS code page, decoded with its upper-half table (the lower half is ASCII).
struct OemCodePage {
    name: &'static str,
    upper_half: &'static [char; 128],
}

const CP850: OemCodePage = OemCodePage {
    name: "CP850",
    upper_half: &CP850_UPPER_HALF,
};

const CP437: OemCodePage = OemCodePage {
    name: "CP437",
    upper_half: &CP437_UPPER_HALF,
};

impl OemCodePage {
    fn decode(&self, bytes: &[u8]) -> String {
        bytes
            .iter()
            .map(|&byte| match byte.checked_sub(0x80) {
                None => char::from(byte),
                Some(index) => self
                    .upper_half
                    .get(usize::from(index))
                    .copied()
                    .unwrap_or(char::REPLACEMENT_CHARACTER),
            })
            .collect()
    }
}

/// Legacy code pages: chardetng's guess, except that a Latin ANSI guess is weighed against
/// the Latin OEM code pages, which chardetng cannot propose. `cmd > file` writes the OEM code
/// page, so OEM text is at least as common as ANSI text here; the decoding whose non-ASCII
/// characters read most like words wins, the ANSI guess on a tie.
fn decode_legacy(bytes: &[u8]) -> (String, &'static str) {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, Utf8Detection::Deny);
    let (guessed_text, had_errors) = guess.decode_without_bom_handling(bytes);
    let guessed_text = guessed_text.into_owned();

    // chardetng's strength is non-Latin text (Shift_JIS, GBK, windows-1251, IBM866 …), where
    // a DOS Latin page would be wrong; but a short Latin text can pass for double-byte CJK.
    let trusted = !had_errors
        && if is_double_byte(guess) {
            reads_like_cjk(&guessed_text)
        } else {
            !is_latin_ansi(guess)
        };
    if trusted {
        return (guessed_text, display_name(guess));
    }

    let mut best = (
        latin_plausibility(&guessed_text),
        guessed_text,
        display_name(guess),
    );
    for code_page in [CP850, CP437] {
        let text = code_page.decode(bytes);
        let score = latin_plausibility(&text);
        if score > best.0 {
            best = (score, text, code_page.name);
        }
    }
    (best.1, best.2)
}

/// Single-byte Latin-script ANSI/ISO encodings: the ones a DOS Latin code page competes with.
fn is_latin_ansi(encoding: &'static Encoding) -> bool {
    matches!(
        encoding.name(),
        "windows-1250"
            | "windows-1252"
            | "windows-1254"
            | "windows-1257"
            | "windows-1258"
            | "ISO-8859-2"
            | "ISO-8859-3"
            | "ISO-8859-4"
            | "ISO-8859-10"
            | "ISO-8859-13"
            | "ISO-8859-14"
            | "ISO-8859-15"
            | "ISO-8859-16"
    )
}

fn is_double_byte(encoding: &'static Encoding) -> bool {
    matches!(
        encoding.name(),
        "Shift_JIS" | "EUC-JP" | "GBK" | "gb18030" | "Big5" | "EUC-KR"
    )
}

/// Latin text misread as a double-byte code page gives CJK characters glued to the Latin
/// letters before them (`Versi` + one character made of `¢n`); in real CJK text most runs
/// of CJK characters follow a space, a digit, punctuation or a line start.
fn reads_like_cjk(text: &str) -> bool {
    let is_cjk = |c: char| c >= '\u{2E80}' && c.is_alphabetic();
    let (mut runs, mut glued) = (0usize, 0usize);
    let mut previous: Option<char> = None;
    for current in text.chars() {
        if is_cjk(current) && !previous.is_some_and(is_cjk) {
            runs += 1;
            if previous.is_some_and(|c| c.is_ascii_alphabetic()) {
                glued += 1;
            }
        }
        previous = Some(current);
    }
    runs > 0 && glued * 2 < runs
}

/// The names admins know: Windows calls Shift_JIS "932" and GBK "936".
fn display_name(encoding: &'static Encoding) -> &'static str {
    match encoding.name() {
        "Shift_JIS" => "Shift_JIS (CP932)",
        "GBK" | "gb18030" => "GBK (CP936)",
        "Big5" => "Big5 (CP950)",
        "EUC-KR" => "EUC-KR (CP949)",
        "IBM866" => "CP866",
        other => other,
    }
}

/// How much a decoding reads like Latin-script text. ASCII decodes alike in every candidate,
/// so only non-ASCII characters are scored, by their neighbours: a letter inside a word
/// (`Versión`) is good; a symbol inside a word (`Versi¢n`), box drawing and C1 controls are
/// what a wrong code page produces; a no-break space between digits is the thousands
/// separator Windows prints in many locales (`32 503 MB`).
fn latin_plausibility(text: &str) -> i64 {
    let chars: Vec<char> = text.chars().collect();
    let mut score = 0;
    for (index, &current) in chars.iter().enumerate() {
        if current.is_ascii() {
            continue;
        }
        let previous = index.checked_sub(1).and_then(|i| chars.get(i)).copied();
        let next = chars.get(index + 1).copied();
        score += character_score(previous, current, next);
    }
    score
}

fn character_score(previous: Option<char>, current: char, next: Option<char>) -> i64 {
    let is_letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
    let is_digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    match current {
        char::REPLACEMENT_CHARACTER => -10,
        c if c.is_control() => -10,
        '\u{A0}' | '\u{202F}' => {
            let thousands = is_digit(previous) && is_digit(next);
            // French puts a no-break space before a colon ("Serveur DHCP :").
            if thousands || next == Some(':') { 2 } else { 0 }
        }
        // Box drawing, blocks and geometric shapes never occur in inventory output.
        '\u{2500}'..='\u{25FF}' => -3,
        c if c.is_alphabetic() => {
            if !(is_letter(previous) || is_letter(next)) {
                // A lone letter next to digits ("32ÿ503") is a misread separator.
                return if is_digit(previous) || is_digit(next) {
                    -1
                } else {
                    0
                };
            }
            let non_latin = c > '\u{024F}';
            let case_break = c.is_uppercase() && previous.is_some_and(char::is_lowercase);
            if non_latin || case_break { -2 } else { 2 }
        }
        _ if is_letter(previous) && is_letter(next) => -3,
        _ => -1,
    }
}

/// `\n` line endings (CRLF, LF and stray CR alike), no BOM, and nothing from the first NUL
/// on: fixed-size buffers written to disk leave a NUL-padded tail.
fn normalize(raw: &str) -> String {
    let text = raw.strip_prefix('\u{FEFF}').unwrap_or(raw);
    let text = text.split('\0').next().unwrap_or_default();
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[rustfmt::skip]
const CP850_UPPER_HALF: [char; 128] = [
    'Ç', 'ü', 'é', 'â', 'ä', 'à', 'å', 'ç', // 80
    'ê', 'ë', 'è', 'ï', 'î', 'ì', 'Ä', 'Å', // 88
    'É', 'æ', 'Æ', 'ô', 'ö', 'ò', 'û', 'ù', // 90
    'ÿ', 'Ö', 'Ü', 'ø', '£', 'Ø', '×', 'ƒ', // 98
    'á', 'í', 'ó', 'ú', 'ñ', 'Ñ', 'ª', 'º', // A0
    '¿', '®', '¬', '½', '¼', '¡', '«', '»', // A8
    '░', '▒', '▓', '│', '┤', 'Á', 'Â', 'À', // B0
    '©', '╣', '║', '╗', '╝', '¢', '¥', '┐', // B8
    '└', '┴', '┬', '├', '─', '┼', 'ã', 'Ã', // C0
    '╚', '╔', '╩', '╦', '╠', '═', '╬', '¤', // C8
    'ð', 'Ð', 'Ê', 'Ë', 'È', 'ı', 'Í', 'Î', // D0
    'Ï', '┘', '┌', '█', '▄', '¦', 'Ì', '▀', // D8
    'Ó', 'ß', 'Ô', 'Ò', 'õ', 'Õ', 'µ', 'þ', // E0
    'Þ', 'Ú', 'Û', 'Ù', 'ý', 'Ý', '¯', '´', // E8
    '\u{AD}', '±', '‗', '¾', '¶', '§', '÷', '¸', // F0
    '°', '¨', '·', '¹', '³', '²', '■', '\u{A0}', // F8
];

#[rustfmt::skip]
const CP437_UPPER_HALF: [char; 128] = [
    'Ç', 'ü', 'é', 'â', 'ä', 'à', 'å', 'ç', // 80
    'ê', 'ë', 'è', 'ï', 'î', 'ì', 'Ä', 'Å', // 88
    'É', 'æ', 'Æ', 'ô', 'ö', 'ò', 'û', 'ù', // 90
    'ÿ', 'Ö', 'Ü', '¢', '£', '¥', '₧', 'ƒ', // 98
    'á', 'í', 'ó', 'ú', 'ñ', 'Ñ', 'ª', 'º', // A0
    '¿', '⌐', '¬', '½', '¼', '¡', '«', '»', // A8
    '░', '▒', '▓', '│', '┤', '╡', '╢', '╖', // B0
    '╕', '╣', '║', '╗', '╝', '╜', '╛', '┐', // B8
    '└', '┴', '┬', '├', '─', '┼', '╞', '╟', // C0
    '╚', '╔', '╩', '╦', '╠', '═', '╬', '╧', // C8
    '╨', '╤', '╥', '╙', '╘', '╒', '╓', '╫', // D0
    '╪', '┘', '┌', '█', '▄', '▌', '▐', '▀', // D8
    'α', 'ß', 'Γ', 'π', 'Σ', 'σ', 'µ', 'τ', // E0
    'Φ', 'Θ', 'Ω', 'δ', '∞', 'φ', 'ε', '∩', // E8
    '≡', '±', '≥', '≤', '⌠', '⌡', '÷', '≈', // F0
    '°', '∙', '·', '√', 'ⁿ', '²', '■', '\u{A0}', // F8
];

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURES: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/inventory/systeminfo"
    );

    /// Every systeminfo fixture: its encoding and text its decoding must contain.
    const SYSTEMINFO_FIXTURES: &[(&str, &str, &[&str])] = &[
        (
            "10_1803_x64_education_en-us_systeminfo.txt",
            "UTF-8",
            &["Host Name:                 LAPTOP\n"],
        ),
        (
            "10_1803_x64_pro_it_systeminfo.txt",
            "CP850",
            &[
                "Nome host:",
                "Versione SO:",
                "DHCP abilitato:   Sì",
                "Estensioni modalità di monitoraggio",
            ],
        ),
        (
            "10_1803_x64_proforworkstations_en-us_A_20190305_systeminfo.txt",
            "UTF-16LE",
            &["Host Name:                 DESKTOP-OOF6NB5\n"],
        ),
        (
            "10_1809_x64_education_es_systeminfo.txt",
            "CP850",
            &[
                "Versión del sistema operativo:",
                "N/D Compilación 17763",
                "es;Español (internacional)",
            ],
        ),
        // en-US labels, Swedish number format: the OEM no-break space (0xFF) groups thousands.
        (
            "10_1809_x64_pro_en-us_20190307_systeminfo.txt",
            "CP850",
            &["Total Physical Memory:     32\u{A0}503 MB"],
        ),
        (
            "10_21H2_x64_pro_systeminfo.txt",
            "UTF-8",
            &["Host Name:                 DESKTOP\nOS Name:"],
        ),
        (
            "11_22H2_x64_home-single-language_systeminfo.txt",
            "UTF-8",
            &["Host Name:                 test\n"],
        ),
        (
            "7_sp1_x64_enterprise_en-us_A_systeminfo.txt",
            "UTF-8",
            &["Hotfix(s):                 219 Hotfix(s) Installed."],
        ),
        (
            "7_sp1_x64_enterprise_fr_systeminfo_powershell.txt",
            "UTF-16LE",
            &[
                "Nom de l'hôte:",
                "Mémoire virtuelle\u{A0}: taille maximale:",
                "93 Corrections installées.",
            ],
        ),
        (
            "8.1_u1_x64_enterprise_en-us_systeminfo.txt",
            "UTF-8",
            &["OS Version:                6.3.9600 N/A Build 9600"],
        ),
        (
            "ja_10_22H2_x64_pro_cp932.txt",
            "Shift_JIS (CP932)",
            JAPANESE_LINES,
        ),
        ("ja_10_22H2_x64_pro_utf16le.txt", "UTF-16LE", JAPANESE_LINES),
        (
            "srv_2008r2_sp1_x64_standard_en-us_systeminfo.txt",
            "UTF-8",
            &["Host Name:"],
        ),
        ("srv_2012r2_u1_systeminfo.txt", "UTF-8", &["Host Name:"]),
        (
            "srv_2016_1607_datacenter_en-us_systeminfo.txt",
            "UTF-8",
            &["Host Name:"],
        ),
        (
            "srv_2019_rtm_datacenter_en-us_systeminfo.txt",
            "UTF-8",
            &["Host Name:"],
        ),
        (
            "systeminfo_fo_csv_header_en-us_win81.csv",
            "UTF-8",
            &["\"Host Name\",\"OS Name\","],
        ),
        (
            "xp_sp3_x86_professional_en-us_systeminfo.txt",
            "UTF-8",
            &["NetWork Card(s):"],
        ),
    ];

    const JAPANESE_LINES: &[&str] = &[
        "\nホスト名:               SOUMU-PC01\n",
        "OS バージョン:          10.0.19045 N/A ビルド 19045\n",
        "ホットフィックス:       4 ホットフィックスがインストールされています。\n",
        "                        [01]: KB5017264\n",
        "システム ロケール:      ja;日本語\n",
        "タイム ゾーン:          (UTC+09:00) 大阪、札幌、東京\n",
        "Windows ディレクトリ:   C:\\Windows\n",
    ];

    fn read_fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{FIXTURES}/{name}")).expect("fixture is readable")
    }

    #[test]
    fn every_systeminfo_fixture_decodes_with_its_encoding() {
        for &(name, encoding, expected) in SYSTEMINFO_FIXTURES {
            let decoded = decode(&read_fixture(name));
            assert_eq!(decoded.encoding, encoding, "{name}");
            for text in expected {
                assert!(decoded.text.contains(text), "{name}: {text:?} missing");
            }
            assert!(!decoded.text.contains('\r'), "{name}: CR left");
            assert!(
                !decoded.text.contains('\u{FFFD}'),
                "{name}: undecodable bytes"
            );
        }
    }

    #[test]
    fn the_fixture_list_covers_the_fixture_folder() {
        let mut on_disk: Vec<String> = std::fs::read_dir(FIXTURES)
            .expect("fixture folder")
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| name.ends_with(".txt") || name.ends_with(".csv"))
            .collect();
        on_disk.sort();
        let mut listed: Vec<&str> = SYSTEMINFO_FIXTURES.iter().map(|(name, ..)| *name).collect();
        listed.sort();
        assert_eq!(on_disk, listed);
    }

    #[test]
    fn both_japanese_fixtures_decode_to_the_same_text() {
        let cp932 = decode(&read_fixture("ja_10_22H2_x64_pro_cp932.txt"));
        let utf16 = decode(&read_fixture("ja_10_22H2_x64_pro_utf16le.txt"));
        assert_eq!(cp932.text, utf16.text);
    }

    #[test]
    fn byte_order_marks_win() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFHost Name: A\r\n"),
            DecodedText {
                text: "Host Name: A\n".into(),
                encoding: "UTF-8"
            }
        );
        let big_endian: Vec<u8> = [0xFE, 0xFF, 0, b'K', 0, b'B'].to_vec();
        assert_eq!(decode(&big_endian).text, "KB");
        assert_eq!(decode(&big_endian).encoding, "UTF-16BE");
    }

    #[test]
    fn utf16_without_a_bom_is_recognised_by_its_zero_bytes() {
        let text = "Host Name:      PC01\r\nOS Name:        Microsoft Windows 10 Pro\r\n";
        let little: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let big: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&little).encoding, "UTF-16LE");
        assert_eq!(decode(&big).encoding, "UTF-16BE");
        assert_eq!(decode(&little).text, text.replace("\r\n", "\n"));
        assert_eq!(decode(&big).text, decode(&little).text);
    }

    #[test]
    fn line_endings_become_newlines_and_a_nul_ends_the_text() {
        let decoded = decode(b"a\r\nb\rc\nd\r\n\r\ne");
        assert_eq!(decoded.text, "a\nb\nc\nd\n\ne");
        assert_eq!(
            decode(b"Host Name: A\r\n\0\0\0\0stale buffer").text,
            "Host Name: A\n"
        );
        assert_eq!(decode(b"").text, "");
    }

    #[test]
    fn oem_text_is_told_from_ansi_text() {
        // "Versión" from `cmd > file` on a Spanish machine is CP850, not windows-1252 "Versi¢n".
        let oem =
            decode(b"Versi\xA2n del sistema operativo:    10.0.17763 N/D Compilaci\xA2n 17763\r\n");
        assert_eq!(oem.encoding, "CP850");
        assert!(oem.text.starts_with("Versión del sistema operativo:"));

        // The same words saved by Notepad are windows-1252.
        let ansi =
            decode(b"Versi\xF3n del sistema operativo:    10.0.17763 N/D Compilaci\xF3n 17763\r\n");
        assert_eq!(ansi.encoding, "windows-1252");
        assert!(ansi.text.starts_with("Versión del sistema operativo:"));

        let german = decode(b"Virtueller Arbeitsspeicher: Maximale Gr\xF6\xDFe: 9.000 MB\r\n");
        assert!(german.text.contains("Größe"), "{german:?}");
        let german_oem = decode(b"Virtueller Arbeitsspeicher: Maximale Gr\x94\xE1e: 9.000 MB\r\n");
        assert_eq!(german_oem.encoding, "CP850");
        assert!(german_oem.text.contains("Größe"), "{german_oem:?}");
    }

    #[test]
    fn oem_tables_decode_their_upper_halves() {
        assert_eq!(CP850.decode(b"Versi\xA2n \x9B\xB5\xFF"), "Versión øÁ\u{A0}");
        assert_eq!(CP437.decode(b"Versi\xA2n \x9B\xE0\xFF"), "Versión ¢α\u{A0}");
    }

    #[test]
    fn cjk_and_cyrillic_code_pages_come_from_chardetng() {
        let chinese = "主机名:           PC01\r\nOS 名称:          Microsoft Windows 10 专业版\r\n\
                       系统区域设置:     zh-cn;中文(中国)\r\n时区:             (UTC+08:00) 北京，重庆，香港特别行政区，乌鲁木齐\r\n";
        let (bytes, _, _) = encoding_rs::GBK.encode(chinese);
        let decoded = decode(&bytes);
        assert_eq!(decoded.encoding, "GBK (CP936)");
        assert_eq!(decoded.text, chinese.replace("\r\n", "\n"));

        let russian = "Имя узла:                         PC01\r\nНазвание ОС:                      Майкрософт Windows 10 Pro\r\n\
                       Язык системы:                     ru;Русский\r\nЧасовой пояс:                     (UTC+03:00) Москва, Санкт-Петербург\r\n";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(russian);
        let decoded = decode(&bytes);
        assert_eq!(decoded.encoding, "windows-1251");
        assert_eq!(decoded.text, russian.replace("\r\n", "\n"));
    }

    #[test]
    fn any_bytes_decode_without_panicking() {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for length in 0..600 {
            let bytes: Vec<u8> = (0..length)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state.to_le_bytes()[0]
                })
                .collect();
            let decoded = decode(&bytes);
            assert!(!decoded.text.contains('\r'));
        }
    }
}
