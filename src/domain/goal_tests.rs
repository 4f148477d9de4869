//! Goal rules: measures, periods, roll-up, pace, links, closing a period.
use super::*;
