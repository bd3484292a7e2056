//! The project's own `.wast` scripts in `tests/wast/` at the workspace root: instantiation and
//! linking behaviour the spec testsuite covers thinly (shared imported tables, memories and
//! globals; segment traps that leave earlier writes; start functions; import matching against
//! current sizes). Every file must pass.

mod support;

use std::path::Path;

#[test]
fn project_wast_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/wast");
    let mut scripts = Vec::new();
    for entry in
        std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
    {
        let path = entry.expect("directory entry").path();
        if path.extension().is_some_and(|e| e == "wast") {
            let name = path
                .file_name()
                .expect("file name")
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            scripts.push((name, text));
        }
    }
    assert!(!scripts.is_empty(), "no .wast files in {}", dir.display());
    let borrowed = scripts
        .iter()
        .map(|(name, text)| (name.clone(), text.as_str()));
    support::run_folder("tests/wast", borrowed, &[]);
}
