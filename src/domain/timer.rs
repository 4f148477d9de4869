//! The meeting clock: sections with target times that can be paused, resumed, skipped and
//! extended. Everything is computed from wall-clock times, so a reload continues where it was.
use super::dates::Timestamp;
use serde::{Deserialize, Serialize};

const MINUTE: i64 = 60_000;

/// Target minutes (least, most) for each section and for the whole meeting.
pub struct Plan {
    pub sections: [(i64, i64); 3],
    pub total: (i64, i64),
}

/// The weekly check-in: progress, obstacles, planning, 5-10 minutes each, 15-30 in all.
pub const WEEKLY: Plan = Plan {
    sections: [(5, 10), (5, 10), (5, 10)],
    total: (15, 30),
};

/// The monthly review: achievements, growth, planning ahead, 15-20 minutes each, 45-60 in all.
pub const MONTHLY: Plan = Plan {
    sections: [(15, 20), (15, 20), (15, 20)],
    total: (45, 60),
};

/// Where a clock stands against its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pace {
    /// Fewer minutes than the least target so far.
    Under,
    Within,
    /// Past the most; by this many milliseconds.
    Over(i64),
}

impl Pace {
    pub fn of(elapsed_ms: i64, (least, most): (i64, i64)) -> Pace {
        if elapsed_ms > most * MINUTE {
            Pace::Over(elapsed_ms - most * MINUTE)
        } else if elapsed_ms < least * MINUTE {
            Pace::Under
        } else {
            Pace::Within
        }
    }
}

/// Whether a meeting is still running or was held.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingState {
    InProgress,
    /// Records of the first shape (a date and notes) were held check-ins.
    #[default]
    Finished,
}

impl MeetingState {
    fn is_finished(&self) -> bool {
        *self == MeetingState::Finished
    }
}

fn none_added(extra: &[i64; 3]) -> bool {
    *extra == [0; 3]
}

/// How far a meeting (a check-in or a review) has got: running or held, when, and its clock.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    #[serde(default, skip_serializing_if = "MeetingState::is_finished")]
    pub state: MeetingState,
    #[serde(default)]
    pub started: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished: Option<Timestamp>,
    #[serde(default)]
    pub timer: MeetingTimer,
}

impl Run {
    /// A meeting running from `now`, in its first section.
    pub fn started(now: Timestamp) -> Run {
        Run {
            state: MeetingState::InProgress,
            started: Some(now),
            finished: None,
            timer: MeetingTimer::started(now.millis()),
        }
    }

    pub fn running(&self) -> bool {
        self.state == MeetingState::InProgress
    }

    /// A held meeting with no clock (the first record shape): stored as nothing.
    pub fn is_default(&self) -> bool {
        *self == Run::default()
    }

    /// Held: the clock stops and the end is kept.
    pub fn finish(&mut self, now: Timestamp) {
        self.timer.pause(now.millis());
        self.state = MeetingState::Finished;
        self.finished = Some(now);
    }
}

/// The clock of one meeting, stored inside its record. Times are milliseconds since the epoch.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingTimer {
    /// The section on screen (0, 1 or 2).
    #[serde(default)]
    pub section: usize,
    /// Time spent in each section before the current run.
    #[serde(default)]
    pub spent: [i64; 3],
    /// Minutes added to each section's target.
    #[serde(default, skip_serializing_if = "none_added")]
    pub extra: [i64; 3],
    /// When the clock was last started; None while paused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running_since: Option<i64>,
}

impl MeetingTimer {
    /// A clock already running in the first section.
    pub fn started(now: i64) -> Self {
        MeetingTimer {
            running_since: Some(now),
            ..Default::default()
        }
    }

    pub fn running(&self) -> bool {
        self.running_since.is_some()
    }

    /// Stops the clock; pausing a paused clock changes nothing.
    pub fn pause(&mut self, now: i64) {
        if let Some(since) = self.running_since.take() {
            self.spent[self.section] += (now - since).max(0);
        }
    }

    /// Starts the clock again; resuming a running clock changes nothing.
    pub fn resume(&mut self, now: i64) {
        if self.running_since.is_none() {
            self.running_since = Some(now);
        }
    }

    /// Moves to another section (back, or on to skip the rest of this one). The time so far is
    /// kept with the section it was spent in; a running clock keeps running.
    pub fn go_to(&mut self, section: usize, now: i64) {
        let section = section.min(2);
        let was_running = self.running();
        self.pause(now);
        self.section = section;
        if was_running {
            self.resume(now);
        }
    }

    /// On to the next section, if there is one.
    pub fn next(&mut self, now: i64) {
        self.go_to(self.section + 1, now);
    }

    /// Gives the current section more time (minutes, may be negative down to the plan's own).
    pub fn extend(&mut self, minutes: i64) {
        let e = &mut self.extra[self.section];
        *e = (*e + minutes).max(0);
    }

    pub fn elapsed(&self, section: usize, now: i64) -> i64 {
        let running = match self.running_since {
            Some(since) if section == self.section => (now - since).max(0),
            _ => 0,
        };
        self.spent[section.min(2)] + running
    }

    pub fn total(&self, now: i64) -> i64 {
        (0..3).map(|s| self.elapsed(s, now)).sum()
    }

    /// The section's target with its extra minutes.
    pub fn target(&self, plan: &Plan, section: usize) -> (i64, i64) {
        let (least, most) = plan.sections[section.min(2)];
        let extra = self.extra[section.min(2)];
        (least + extra, most + extra)
    }

    pub fn section_pace(&self, plan: &Plan, section: usize, now: i64) -> Pace {
        Pace::of(self.elapsed(section, now), self.target(plan, section))
    }

    pub fn total_pace(&self, plan: &Plan, now: i64) -> Pace {
        let extra: i64 = self.extra.iter().sum();
        Pace::of(
            self.total(now),
            (plan.total.0 + extra, plan.total.1 + extra),
        )
    }
}

/// "7:05" (minutes and seconds) or "1:02:05" for a length in milliseconds.
pub fn clock_text(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_800_000_000_000;
    fn at(min: i64, sec: i64) -> i64 {
        T0 + min * MINUTE + sec * 1000
    }

    #[test]
    fn runs_pauses_and_resumes_by_wall_clock() {
        let mut t = MeetingTimer::started(at(0, 0));
        assert_eq!(t.elapsed(0, at(3, 0)), 3 * MINUTE);
        t.pause(at(4, 0));
        t.pause(at(6, 0)); // twice: harmless
        assert_eq!(
            t.elapsed(0, at(9, 0)),
            4 * MINUTE,
            "a paused clock stands still"
        );
        t.resume(at(10, 0));
        t.resume(at(11, 0)); // twice: keeps the first start
        assert_eq!(t.elapsed(0, at(12, 0)), 6 * MINUTE);
        assert_eq!(t.total(at(12, 0)), 6 * MINUTE);
    }

    #[test]
    fn sections_keep_their_own_time_and_can_be_revisited() {
        let mut t = MeetingTimer::started(at(0, 0));
        t.next(at(7, 0));
        assert_eq!(t.section, 1);
        t.next(at(9, 30)); // obstacles skipped after 2:30
        assert_eq!(t.section, 2);
        t.next(at(10, 0)); // no fourth section
        assert_eq!(t.section, 2);
        t.go_to(0, at(15, 0)); // back to progress
        assert_eq!(
            [
                t.elapsed(0, at(16, 0)),
                t.elapsed(1, at(16, 0)),
                t.elapsed(2, at(16, 0))
            ],
            [8 * MINUTE, 150_000, 5 * MINUTE + 30_000]
        );
        assert_eq!(t.total(at(16, 0)), 16 * MINUTE);
        // Moving while paused stays paused.
        t.pause(at(16, 0));
        t.go_to(1, at(20, 0));
        assert!(!t.running());
        assert_eq!(t.total(at(25, 0)), 16 * MINUTE);
    }

    #[test]
    fn pace_against_targets_with_extensions() {
        let mut t = MeetingTimer::started(at(0, 0));
        assert_eq!(t.section_pace(&WEEKLY, 0, at(4, 59)), Pace::Under);
        assert_eq!(t.section_pace(&WEEKLY, 0, at(5, 0)), Pace::Within);
        assert_eq!(t.section_pace(&WEEKLY, 0, at(10, 0)), Pace::Within);
        assert_eq!(t.section_pace(&WEEKLY, 0, at(12, 30)), Pace::Over(150_000));
        t.extend(5);
        assert_eq!(t.target(&WEEKLY, 0), (10, 15));
        assert_eq!(t.section_pace(&WEEKLY, 0, at(12, 30)), Pace::Within);
        assert_eq!(t.total_pace(&WEEKLY, at(12, 30)), Pace::Under);
        t.extend(-20);
        assert_eq!(t.target(&WEEKLY, 0), (5, 10), "never below the plan");
        assert_eq!(t.total_pace(&WEEKLY, at(31, 0)), Pace::Over(MINUTE));
        assert_eq!(t.total_pace(&MONTHLY, at(50, 0)), Pace::Within);
    }

    #[test]
    fn a_reload_continues_from_the_stored_clock() {
        let mut t = MeetingTimer::started(at(0, 0));
        t.next(at(6, 0));
        let stored = serde_json::to_string(&t).unwrap();
        // The tab reloads two minutes later: the clock kept running meanwhile.
        let back: MeetingTimer = serde_json::from_str(&stored).unwrap();
        assert_eq!(back.section, 1);
        assert_eq!(back.elapsed(1, at(8, 0)), 2 * MINUTE);
        assert_eq!(back.total(at(8, 0)), 8 * MINUTE);
        let old: MeetingTimer = serde_json::from_str("{}").unwrap();
        assert_eq!(old, MeetingTimer::default());
    }

    #[test]
    fn clock_texts() {
        assert_eq!(clock_text(0), "0:00");
        assert_eq!(clock_text(65_000), "1:05");
        assert_eq!(clock_text(3_725_000), "1:02:05");
        assert_eq!(clock_text(-5), "0:00");
    }
}
