//! Exception tags.

use crate::store::{AsContext, AsContextMut, StoreId, TagEntity};
use crate::types::TagType;

/// An exception tag. Two tags are the same tag only if they are the same object, whatever
/// their types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tag {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
}

impl Tag {
    /// Creates a new, unique tag of the given type, owned by no instance.
    pub fn new(mut store: impl AsContextMut, ty: &TagType) -> Tag {
        let inner = &mut store.as_context_mut().0.inner;
        let id = inner.engine.types().register_func_type(&ty.ty);
        inner.tags.push(TagEntity {
            ty: id,
            func_ty: ty.ty.clone(),
        });
        Tag {
            store: inner.id,
            index: (inner.tags.len() - 1) as u32,
        }
    }

    /// The tag's type.
    pub fn ty(&self, store: impl AsContext) -> TagType {
        let inner = &store.as_context().0.inner;
        inner.check(self.store);
        TagType {
            ty: inner.tags[self.index as usize].func_ty.clone(),
        }
    }
}
