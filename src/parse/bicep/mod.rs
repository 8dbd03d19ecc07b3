//! Bicep (`.bicep`) and Bicep parameter (`.bicepparam`) files, read natively: a hand-written lexer
//! and recursive-descent parser with a byte span on every node, error recovery at declarations
//! and a nesting limit; [`lower`] turns the syntax tree into the ARM resource shape.

pub mod expr;
pub mod lexer;
pub mod lower;
pub mod parser;
pub mod syntax;

#[cfg(test)]
mod tests;

pub use parser::{parse_bicep, parse_bicepparam, parse_path_text, MAX_DEPTH};
pub use syntax::*;
