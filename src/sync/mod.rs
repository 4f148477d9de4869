//! Optional sync between devices (issue 7). So far the transport-independent part of a round:
//! `engine` merges the other side's records into this device's with the merge rules in
//! `domain::merge`, and builds what to send (never the private notes of 1:1s). The JSON endpoint
//! and CouchDB clients, the settings and the status line come next.
pub mod engine;
