//! Turning a panic inside one directive into a failure message, with the panic's location.
//!
//! `catch_unwind` only hands back the payload; the location (and a backtrace, when
//! `RUST_BACKTRACE` asks for one) is only seen by the panic hook. So a hook is installed once,
//! process-wide, that records them for the thread that is inside [`catch`] and leaves every
//! other panic to the hook that was there before.

use std::any::Any;
use std::backtrace::{Backtrace, BacktraceStatus};
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static CAPTURING: Cell<bool> = const { Cell::new(false) };
    static CAPTURED: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn install_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !CAPTURING.with(Cell::get) {
                return previous(info);
            }
            let mut text = payload_message(info.payload());
            if let Some(loc) = info.location() {
                text.push_str(&format!(" (at {}:{})", loc.file(), loc.line()));
            }
            let bt = Backtrace::capture();
            if bt.status() == BacktraceStatus::Captured {
                text.push_str(&format!("\n{bt}"));
            }
            CAPTURED.with(|c| *c.borrow_mut() = Some(text));
        }));
    });
}

/// Runs `f`; a panic becomes `Err` with its message and location.
pub(crate) fn catch<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    install_hook();
    let was_capturing = CAPTURING.with(|c| c.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CAPTURING.with(|c| c.set(was_capturing));
    result.map_err(|payload| {
        CAPTURED
            .with(|c| c.borrow_mut().take())
            .unwrap_or_else(|| payload_message(&*payload))
    })
}

/// The message of a panic payload (`panic!` makes a `&str` or a `String`).
pub(crate) fn payload_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-string payload".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::catch;

    #[test]
    fn a_panic_becomes_its_message_and_location() {
        let err = catch(|| -> u32 { panic!("boom {}", 42) }).unwrap_err();
        assert!(err.starts_with("boom 42 (at "), "{err}");
        assert!(err.contains("panic_capture.rs"), "{err}");
        assert_eq!(catch(|| 7), Ok(7));
    }
}
