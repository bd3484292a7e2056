//! Shared by the `.wast` test binaries: run a folder of scripts, print one line per file and
//! a total, and decide whether the folder passes.

use mica_wast::{Report, WastRunner};

/// A file that is known to fail, and why.
pub struct ExpectedFailure {
    /// `folder/file.wast`, as printed.
    pub file: &'static str,
    /// Why it fails (which runtime limitation).
    pub reason: &'static str,
}

/// Runs every `(name, text)` script of `folder` and panics, after printing every file's
/// counts and the failures of unexpectedly failing files, if a file fails that is not in
/// `expected`, a file in `expected` passes, or `expected` names a file that does not exist.
///
/// Every script runs twice: with lazy translation (the default: bodies are translated on
/// their first call) and with every body translated at load.
///
/// `MICA_WAST_VERBOSE=1` prints every failure of every file.
pub fn run_folder<'a>(
    folder: &str,
    files: impl IntoIterator<Item = (String, &'a str)>,
    expected: &[ExpectedFailure],
) {
    let files: Vec<(String, &str)> = files.into_iter().collect();
    for lazy in [true, false] {
        let mut config = mica::Config::new();
        config.lazy_translation(lazy);
        let runner = WastRunner::with_engine(mica::Engine::new(&config));
        println!("-- {} translation --", if lazy { "lazy" } else { "eager" });
        run_folder_with(&runner, folder, files.clone(), expected);
    }
}

fn run_folder_with(
    runner: &WastRunner,
    folder: &str,
    files: Vec<(String, &str)>,
    expected: &[ExpectedFailure],
) {
    let verbose = std::env::var("MICA_WAST_VERBOSE").is_ok();
    let mut files = files;
    files.sort();
    let mut total = Report::default();
    let mut problems = Vec::new();
    let mut files_passed = 0;
    for (name, text) in &files {
        let path = format!("{folder}/{name}");
        let report = runner.run_str(&path, text);
        let expectation = expected.iter().find(|e| e.file == path);
        let status = match (report.is_success(), expectation) {
            (true, None) => {
                files_passed += 1;
                "ok".to_string()
            }
            (true, Some(_)) => {
                problems.push(format!(
                    "{path}: passes but is listed as an expected failure: remove it"
                ));
                "UNEXPECTED PASS".to_string()
            }
            (false, Some(e)) => format!("expected failure: {}", e.reason),
            (false, None) => {
                problems.push(format!("{path}: {} failed", report.failed));
                "FAILED".to_string()
            }
        };
        println!("{path}: {report} ({status})");
        if status == "FAILED" || verbose {
            let shown = if verbose { usize::MAX } else { 100 };
            for failure in report.failures.iter().take(shown) {
                println!("    {failure}");
            }
            if report.failures.len() > shown {
                println!("    ... and {} more", report.failures.len() - shown);
            }
        }
        total.merge(report);
    }
    let listed: Vec<&ExpectedFailure> = expected
        .iter()
        .filter(|e| e.file.starts_with(&format!("{folder}/")))
        .collect();
    for e in &listed {
        if !files
            .iter()
            .any(|(name, _)| format!("{folder}/{name}") == e.file)
        {
            problems.push(format!(
                "{}: listed as an expected failure but there is no such file",
                e.file
            ));
        }
    }
    println!(
        "{folder}: {} files, {files_passed} fully passing, {} expected failures listed",
        files.len(),
        listed.len()
    );
    println!("{total}");
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
