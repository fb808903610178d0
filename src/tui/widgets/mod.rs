//! Reusable pieces the screens draw with.

pub mod bar;
pub mod big;
pub mod filter;
pub mod form;
pub mod pane;
pub mod text_field;
pub mod timer;
