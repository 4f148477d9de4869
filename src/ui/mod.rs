//! The user interface: one module per feature area, plus the shell and shared widgets.
pub mod browser;
pub mod components;
pub mod home;
pub mod people;
pub mod settings;
pub mod shell;
pub mod state;
