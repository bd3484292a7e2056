//! The types of a store's globals, kept apart from their values.
//!
//! Globals are created in runs: all the defined globals of one instance at once (their types
//! are the module's), or one host global at a time. One entry per run is enough to find any
//! global's type, so creating an instance's globals writes only their values.

use crate::module::Module;
use crate::types::GlobalType;

/// Where each run of store globals takes its types from.
#[derive(Default)]
pub(crate) struct GlobalTypes {
    /// Runs in increasing order of their first global.
    runs: Vec<Run>,
}

struct Run {
    /// Store index of the run's first global.
    start: u32,
    source: Source,
}

enum Source {
    /// One host global.
    Host(GlobalType),
    /// The defined globals of an instance of this module, in order.
    Module(Module),
}

impl GlobalTypes {
    /// Records the type of host global `index` (the newest global of the store).
    pub(crate) fn push_host(&mut self, index: u32, ty: GlobalType) {
        self.runs.push(Run {
            start: index,
            source: Source::Host(ty),
        });
    }

    /// Records that the globals from `start` on are the defined globals of an instance of
    /// `module` (the newest globals of the store).
    pub(crate) fn push_module(&mut self, start: u32, module: &Module) {
        self.runs.push(Run {
            start,
            source: Source::Module(module.clone()),
        });
    }

    /// The type of store global `index`.
    pub(crate) fn get(&self, index: u32) -> GlobalType {
        let run = self.runs.partition_point(|r| r.start <= index);
        let run = &self.runs[run.checked_sub(1).expect("every global is in a run")];
        match &run.source {
            Source::Host(ty) => *ty,
            Source::Module(m) => {
                let m = &m.inner;
                m.globals[(m.num_imported_globals + index - run.start) as usize]
            }
        }
    }
}
