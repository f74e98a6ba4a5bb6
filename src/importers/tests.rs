use super::*;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

struct RecognizesHostName;

impl Importer for RecognizesHostName {
    fn id(&self) -> &'static str {
        "test-host-name"
    }
    fn recognizes(&self, sample: &FileSample) -> bool {
        sample.text().contains("Host Name:")
    }
    fn read(&self, _sample: &FileSample) -> Result<FileContent, crate::inventory::Problem> {
        Err(crate::inventory::Problem::general(
            "test importer reads nothing",
        ))
    }
}

#[test]
fn says_why_each_unsupported_file_was_refused() {
    let dir = tempfile::tempdir().unwrap();
    let registry = ImporterRegistry::with_builtin_importers();
    let cases = [
        (write(dir.path(), "empty.txt", b""), Refusal::Empty),
        (
            write(dir.path(), "blank.txt", b"\r\n  \r\n"),
            Refusal::Empty,
        ),
        (
            write(
                dir.path(),
                "photo.png",
                b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
            ),
            Refusal::Binary,
        ),
        (
            write(
                dir.path(),
                "notes.txt",
                b"\n\nMeeting notes: patch Tuesday\nmore",
            ),
            Refusal::NotRecognized {
                first_line: "Meeting notes: patch Tuesday".into(),
            },
        ),
        (dir.path().join("missing.txt"), Refusal::NotFound),
        (dir.path().to_path_buf(), Refusal::IsDirectory),
    ];
    for (path, expected) in cases {
        let refused = registry.route(&path).unwrap_err();
        assert_eq!(refused.refusal, expected, "{}", path.display());
        let message = refused.describe(Lang::En);
        assert!(message.starts_with(&display_name(&path)), "{message}");
        assert!(!refused.describe(Lang::Ja).is_empty());
    }
}

#[test]
fn refuses_files_over_the_size_limit_without_reading_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(MAX_FILE_BYTES + 1).unwrap(); // sparse: costs no disk
    let refused = ImporterRegistry::default().route(&path).unwrap_err();
    assert_eq!(
        refused.refusal,
        Refusal::TooLarge {
            bytes: MAX_FILE_BYTES + 1
        }
    );
    assert!(refused.describe(Lang::En).contains("200 MB"));
}

#[test]
fn routes_utf16_text_to_the_importer_that_recognises_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut registry = ImporterRegistry::default();
    registry.register(Box::new(RecognizesHostName));
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "\r\nHost Name:                 PC-01\r\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let path = write(dir.path(), "pc01.txt", &utf16);
    let routed = registry.route(&path).unwrap();
    assert_eq!(routed.importer, "test-host-name");

    // The same text without a BOM (as `wmic` sometimes writes) is text, not binary.
    let no_bom = write(dir.path(), "nobom.txt", &utf16[2..]);
    assert_eq!(registry.route(&no_bom).unwrap().importer, "test-host-name");
}
