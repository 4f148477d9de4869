//! The team's agreements (loaded on demand, see lib.rs). So far: the performance charter, with
//! its versions, their fingerprints, acknowledgements, a comparison and a print view.
pub mod charter;
