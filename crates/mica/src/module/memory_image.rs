//! A module's initial memory image: its active data segments applied once, so that each
//! instantiation maps them copy-on-write instead of copying them (see
//! [`LinearMemory::map_image`](crate::store::linear_memory::LinearMemory::map_image)).

use super::{DataMode, ModuleInner};
use crate::store::linear_memory::MemoryImage;
use crate::store::PAGE_SIZE;

/// Images smaller than this are not worth a mapping: copying is as cheap.
const MIN_IMAGE_BYTES: usize = 64 * 1024;
const HOST_PAGE: usize = 4096;

/// Builds the image of the module's own memory 0, when every active data segment targets it
/// with a constant offset and fits its initial size (otherwise instantiation copies the
/// segments one by one, trapping where the spec says).
pub(crate) fn build(m: &ModuleInner) -> Option<MemoryImage> {
    if m.num_imported_memories > 0 || m.memories.is_empty() {
        return None;
    }
    let initial = usize::try_from(m.memories[0].minimum.checked_mul(PAGE_SIZE)?).ok()?;
    let mut placed = Vec::new();
    for seg in &m.datas {
        if let DataMode::Active { memory, offset } = &seg.mode {
            if *memory != 0 {
                return None;
            }
            let start = offset.as_const()? as u32 as usize;
            let end = start.checked_add(seg.bytes.len())?;
            if end > initial {
                return None;
            }
            placed.push((start, &seg.bytes));
        }
    }
    let lo = placed.iter().map(|(s, _)| *s).min()? / HOST_PAGE * HOST_PAGE;
    let hi = placed.iter().map(|(s, b)| s + b.len()).max()?;
    if hi - lo < MIN_IMAGE_BYTES {
        return None;
    }
    let mut bytes = vec![0u8; hi - lo];
    for (start, seg) in placed {
        bytes[start - lo..start - lo + seg.len()].copy_from_slice(seg);
    }
    MemoryImage::new(lo, &bytes)
}
