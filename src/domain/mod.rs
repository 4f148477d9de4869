//! Plain types and rules of the performance-management method. No UI, no browser, no clock:
//! everything here is a pure function of its inputs so it tests natively.
pub mod authority;
pub mod cadence;
pub mod charter;
pub mod checkin;
pub mod dates;
pub mod demo;
pub mod development;
pub mod feedback;
pub mod feedback_check;
pub mod goal;
pub mod goal_report;
pub mod health;
pub mod improvement;
pub mod indicators;
pub mod insight;
pub mod invite;
pub mod merge;
pub mod person;
pub mod review;
pub mod rollout;
pub mod scope;
pub mod self_report;
pub mod smart_r;
pub mod standards;
pub mod team;
pub mod timer;
pub mod validate;

pub use charter::{Acknowledgement, CharterVersion};
pub use checkin::CheckIn;
pub use feedback::{Celebration, Feedback, FeedbackRequest, RecognitionScript};
pub use goal::{Goal, GoalLevel};
pub use person::{Cadence, Person, PersonDraft};
pub use review::MonthlyReview;
pub use team::Team;
pub use validate::FieldError;
