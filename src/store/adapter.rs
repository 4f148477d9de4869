//! Where records physically live: a key-value storage with string values. The browser's
//! localStorage in the app, an in-memory map in tests.
use std::collections::BTreeMap;

use super::record::PREFIX;

/// Why a write did not happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteError {
    /// The browser's storage for this site is full.
    Quota,
    /// Storage refused for another reason (disabled, private mode, …).
    Failed(String),
}

impl WriteError {
    pub fn explain(&self) -> String {
        match self {
            WriteError::Quota => "This browser's storage for Trellis is full.".into(),
            WriteError::Failed(why) => format!("The browser refused to save ({why})."),
        }
    }
}

pub trait Adapter {
    /// Every entry whose key starts with `trellis:`, in any order.
    fn entries(&self) -> Vec<(String, String)>;
    /// Every key that starts with `trellis:`, in any order.
    fn keys(&self) -> Vec<String>;
    fn get(&self, key: &str) -> Option<String>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), WriteError>;
    fn remove(&mut self, key: &str);
}

/// An in-memory adapter for tests, with a size limit to play a full disk and a byte counter.
#[derive(Clone, Debug, Default)]
pub struct MemoryAdapter {
    pub map: BTreeMap<String, String>,
    /// Total characters (keys + values) the storage may hold; `None` for no limit.
    pub quota: Option<usize>,
    /// Characters written by `set` so far (key + value), to measure what one edit costs.
    pub written: usize,
}

impl MemoryAdapter {
    pub fn used(&self) -> usize {
        self.map.iter().map(|(k, v)| k.len() + v.len()).sum()
    }
}

impl Adapter for MemoryAdapter {
    fn entries(&self) -> Vec<(String, String)> {
        self.map
            .iter()
            .filter(|(k, _)| k.starts_with(PREFIX))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
    fn keys(&self) -> Vec<String> {
        self.map
            .keys()
            .filter(|k| k.starts_with(PREFIX))
            .cloned()
            .collect()
    }
    fn get(&self, key: &str) -> Option<String> {
        self.map.get(key).cloned()
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), WriteError> {
        if let Some(quota) = self.quota {
            let old = self.map.get(key).map(|v| key.len() + v.len()).unwrap_or(0);
            if self.used() - old + key.len() + value.len() > quota {
                return Err(WriteError::Quota);
            }
        }
        self.written += key.len() + value.len();
        self.map.insert(key.to_string(), value.to_string());
        Ok(())
    }
    fn remove(&mut self, key: &str) {
        self.map.remove(key);
    }
}
