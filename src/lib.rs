//! funnelcheck: run a joint sales & marketing Funnel Reality Check.
//!
//! The pure core (`session`, `model`, `store`, `export`, `format`) never touches
//! the terminal; `tui` is the only module that imports ratatui or crossterm.

pub mod assets;
pub mod cli;
pub mod config;
pub mod export;
pub mod followup;
pub mod format;
pub mod import;
pub mod model;
pub mod number;
pub mod session;
pub mod store;
pub mod tui;
