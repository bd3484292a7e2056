//! The app heap: a region appended to an instance's default memory at instantiation, managed
//! by the host, for exchanging buffers with modules that export no allocator (WAMR's
//! `module_malloc` without `malloc`).
//!
//! The allocator's bookkeeping lives on the host side, so the guest cannot corrupt it by
//! writing to its memory; a double free or a free of an unknown address is an error.

use std::collections::{BTreeMap, HashMap};

/// Allocation granularity (and alignment) of the app heap, in bytes.
const ALIGN: u32 = 8;

/// A first-fit allocator over `[base, base + size)` of linear memory.
#[derive(Debug, Clone)]
pub(crate) struct AppHeap {
    /// Free ranges: start → length.
    free: BTreeMap<u32, u32>,
    /// Live allocations: start → length.
    live: HashMap<u32, u32>,
}

impl AppHeap {
    /// A heap covering `[base, base + size)`.
    pub(crate) fn new(base: u32, size: u32) -> Self {
        let base = base.next_multiple_of(ALIGN);
        let mut free = BTreeMap::new();
        // Offset 0 is never handed out: it is the "null" of the guest.
        let start = base.max(ALIGN);
        let end = base.saturating_add(size);
        if end > start {
            free.insert(start, (end - start) / ALIGN * ALIGN);
        }
        AppHeap {
            free,
            live: HashMap::new(),
        }
    }

    /// Allocates `size` bytes (at least 1), aligned to 8; `None` when no free range is large
    /// enough.
    pub(crate) fn alloc(&mut self, size: u32) -> Option<u32> {
        let size = size.max(1).checked_next_multiple_of(ALIGN)?;
        let (&start, &len) = self.free.iter().find(|(_, &len)| len >= size)?;
        self.free.remove(&start);
        if len > size {
            self.free.insert(start + size, len - size);
        }
        self.live.insert(start, size);
        Some(start)
    }

    /// Frees the allocation at `offset`; `false` if there is none (double free, or an address
    /// this heap never returned).
    pub(crate) fn free(&mut self, offset: u32) -> bool {
        let Some(mut size) = self.live.remove(&offset) else {
            return false;
        };
        let mut start = offset;
        // Coalesce with the following free range.
        if let Some(next) = self.free.remove(&(start + size)) {
            size += next;
        }
        // Coalesce with the preceding free range.
        if let Some((&prev, &plen)) = self.free.range(..start).next_back() {
            if prev + plen == start {
                self.free.remove(&prev);
                start = prev;
                size += plen;
            }
        }
        self.free.insert(start, size);
        true
    }

    /// Total free bytes.
    #[allow(dead_code)]
    pub(crate) fn free_bytes(&self) -> u64 {
        self.free.values().map(|&l| l as u64).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::AppHeap;

    #[test]
    fn alloc_free_coalesce_and_exhaustion() {
        let mut h = AppHeap::new(1024, 64);
        let a = h.alloc(10).unwrap();
        let b = h.alloc(20).unwrap();
        assert_eq!(a, 1024);
        assert_eq!(b, 1040);
        let c = h.alloc(24).unwrap();
        assert_eq!(c, 1064);
        assert!(h.alloc(8).is_none(), "heap is full");
        assert!(h.free(b));
        assert!(!h.free(b), "double free is refused");
        assert!(!h.free(5), "unknown address is refused");
        assert!(h.free(a));
        assert!(h.free(c));
        assert_eq!(h.free_bytes(), 64);
        assert_eq!(h.alloc(64), Some(1024), "ranges coalesced back into one");
    }

    #[test]
    fn never_returns_zero() {
        let mut h = AppHeap::new(0, 32);
        assert_ne!(h.alloc(1), Some(0));
    }
}
