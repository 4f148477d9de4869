//! The stored record: an envelope every kind shares (id, revision, timestamps, tombstone,
//! change sequence, scope) around the kind's own data.
use crate::domain::dates::Timestamp;
use crate::domain::scope::{Scope, Scoped};
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::domain::authority::AuthorityMatrix;
use crate::domain::development::{Assessment, DevAction, Skill, Stretch};
use crate::domain::improvement::{Plan, PlanAck, PlanReview};
use crate::domain::indicators::{Indicator, ReadingMonth};
use crate::domain::insight::WarningNote;
use crate::domain::invite::Invitation;
use crate::domain::leadership::{LeaderPlan, LearningAction, SelfAssessment};
use crate::domain::rollout::{Rollout, Tick};
use crate::domain::self_report::SelfReport;
use crate::domain::standards::{Rating, RoleStandards};
use crate::domain::system_review::{ActionOutcome, SystemReview};
use crate::domain::{
    Acknowledgement, Celebration, CharterVersion, CheckIn, Feedback, FeedbackRequest, FieldError,
    Goal, MonthlyReview, Person, RecognitionScript, Team,
};

/// The schema version this build writes. Bump it with a migration in `schema.rs`.
pub const SCHEMA_VERSION: u32 = 3;

/// Every key Trellis owns in browser storage starts with this.
pub const PREFIX: &str = "trellis:";
/// Key of the store's own metadata (schema version).
pub const META_KEY: &str = "trellis:meta";
/// Records live one per key: this prefix, their kind, their id (`trellis:r:person:<id>`). The
/// kind in the key lets startup read only the kinds its first screen needs.
pub const RECORD_PREFIX: &str = "trellis:r:";

pub fn record_key(kind: &str, id: &str) -> String {
    format!("{RECORD_PREFIX}{kind}:{id}")
}

/// What a record key says: (kind, id), or (None, id) for the prototype's `trellis:r:<id>` keys.
/// None if the key is not a record key.
pub fn split_key(key: &str) -> Option<(Option<&str>, &str)> {
    let rest = key.strip_prefix(RECORD_PREFIX)?;
    Some(match rest.split_once(':') {
        Some((kind, id)) => (Some(kind), id),
        None => (None, rest),
    })
}

/// Two forms of the same record, both read by hand-written code below:
/// - the **wire** form (`to_json`: export files, sync, merge bases) names everything:
///   `{"v":3,"id":…,"rev":1,"seq":…,"created":…,"updated":…,"deleted":false,"scope":…,"kind":…,"data":{…}}`,
///   `kind` before `data` so `data` parses straight into its kind's type;
/// - the **stored** form (`to_stored`: one browser-storage value) leaves out what its key says
///   and what defaults say (see `Stored`), so a large store fits in half of the browser's quota.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// Schema version of this record's shape.
    pub v: u32,
    pub id: String,
    /// Bumped on every save; a save based on an older revision is a conflict.
    pub rev: u64,
    /// Local change sequence: a higher number was changed later on this device (for sync).
    pub seq: u64,
    pub created: Timestamp,
    pub updated: Timestamp,
    /// A tombstone: the record is deleted but kept so sync can pass the deletion on.
    pub deleted: bool,
    /// Who may read it (see `domain::scope`): its kind's default unless the writer chose another.
    pub scope: Scope,
    pub body: Body,
}

/// The kind of a record and its data.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    Team(Team),
    Person(Person),
    Goal(Goal),
    CheckIn(CheckIn),
    Review(MonthlyReview),
    Feedback(Feedback),
    FeedbackRequest(FeedbackRequest),
    Celebration(Celebration),
    RecognitionScript(RecognitionScript),
    CharterVersion(CharterVersion),
    CharterAck(Acknowledgement),
    Authority(AuthorityMatrix),
    Standards(RoleStandards),
    Rating(Rating),
    SelfReport(SelfReport),
    Invitation(Invitation),
    Skill(Skill),
    Assessment(Assessment),
    DevAction(DevAction),
    Stretch(Stretch),
    Indicator(Indicator),
    Readings(ReadingMonth),
    ImprovementPlan(Plan),
    PlanReview(PlanReview),
    PlanAck(PlanAck),
    WarningNote(WarningNote),
    Rollout(Rollout),
    SystemReview(SystemReview),
    LeaderPlan(LeaderPlan),
    RolloutTick(Tick),
    LeaderAssessment(SelfAssessment),
    LearningAction(LearningAction),
    ActionOutcome(ActionOutcome),
}

/// `$e` with `$x` bound to the data of whichever kind `$body` holds (every kind's data
/// implements the same traits: `Serialize`, `Scoped`).
macro_rules! with_data {
    ($body:expr, $x:ident => $e:expr) => {
        match $body {
            Body::Team($x) => $e,
            Body::Person($x) => $e,
            Body::Goal($x) => $e,
            Body::CheckIn($x) => $e,
            Body::Review($x) => $e,
            Body::Feedback($x) => $e,
            Body::FeedbackRequest($x) => $e,
            Body::Celebration($x) => $e,
            Body::RecognitionScript($x) => $e,
            Body::CharterVersion($x) => $e,
            Body::CharterAck($x) => $e,
            Body::Authority($x) => $e,
            Body::Standards($x) => $e,
            Body::Rating($x) => $e,
            Body::SelfReport($x) => $e,
            Body::Invitation($x) => $e,
            Body::Skill($x) => $e,
            Body::Assessment($x) => $e,
            Body::DevAction($x) => $e,
            Body::Stretch($x) => $e,
            Body::Indicator($x) => $e,
            Body::Readings($x) => $e,
            Body::ImprovementPlan($x) => $e,
            Body::PlanReview($x) => $e,
            Body::PlanAck($x) => $e,
            Body::WarningNote($x) => $e,
            Body::Rollout($x) => $e,
            Body::SystemReview($x) => $e,
            Body::LeaderPlan($x) => $e,
            Body::RolloutTick($x) => $e,
            Body::LeaderAssessment($x) => $e,
            Body::LearningAction($x) => $e,
            Body::ActionOutcome($x) => $e,
        }
    };
}

/// Every kind name, as stored.
pub const KINDS: &[&str] = &[
    "team",
    "person",
    "goal",
    "check_in",
    "review",
    "feedback",
    "feedback_request",
    "celebration",
    "recognition_script",
    "charter_version",
    "charter_ack",
    "authority",
    "standards",
    "rating",
    "self_report",
    "invitation",
    "skill",
    "assessment",
    "dev_action",
    "stretch",
    "indicator",
    "readings",
    "improvement_plan",
    "plan_review",
    "plan_ack",
    "warning_note",
    "rollout",
    "system_review",
    "leader_plan",
    "rollout_tick",
    "leader_assessment",
    "learning_action",
    "action_outcome",
];

/// The kinds whose data the main module reads itself: the first screen draws them, before
/// anything else is read (see `Repository::open_staged`).
pub const FIRST_SCREEN_KINDS: &[&str] = &["team", "person"];

/// Reads the data (JSON text) of a kind outside `FIRST_SCREEN_KINDS`.
pub type KindReader = fn(&str, &str) -> Result<Body, serde_json::Error>;
/// Checks the data of a kind outside `FIRST_SCREEN_KINDS` (`Body::problems`).
pub type KindChecker = fn(&Body) -> Vec<FieldError>;
/// The other kinds' reader and checker, installed together.
pub type OtherKinds = (KindReader, KindChecker);

// In the browser the readers of the other kinds are a chunk of their own (`ui::state::read_all`
// loads it right after the first screen and installs it here), which keeps their code out of the
// main module. Native builds link them in. Per thread, so native tests can also run without.
// The checker goes with it: the validation rules of every kind, and their messages, are not
// needed before a record of that kind is read.
#[cfg(target_arch = "wasm32")]
const LINKED: Option<OtherKinds> = None;
#[cfg(not(target_arch = "wasm32"))]
const LINKED: Option<OtherKinds> = Some((read_other_kinds, Body::problems));

thread_local! {
    static OTHER_KINDS: std::cell::Cell<Option<OtherKinds>> = const { std::cell::Cell::new(LINKED) };
}

/// Gives the store the reader and checker of every other kind (`read_other_kinds` and
/// `Body::problems`, from their chunk), or takes them away (`None`, for tests of a store whose
/// reader has not arrived).
pub fn install_reader(read: Option<OtherKinds>) {
    OTHER_KINDS.with(|r| r.set(read));
}

fn other_kinds() -> Option<KindReader> {
    OTHER_KINDS.with(|r| r.get()).map(|(read, _)| read)
}

/// What is wrong with a record's data as read: the first screen's kinds checked here, the
/// others by the checker of their chunk (none is read before it arrives).
pub fn stored_problems(body: &Body) -> Vec<FieldError> {
    match body {
        Body::Team(t) => t.problems(),
        Body::Person(p) => p.problems(),
        other => OTHER_KINDS
            .with(|r| r.get())
            .map_or_else(Vec::new, |(_, check)| check(other)),
    }
}

/// Whether records of `kind` can be read now (None: a key that does not say, as the
/// prototype's did). Until the other kinds' reader is installed, the store leaves such records
/// unread in storage instead of calling them unreadable.
pub fn can_read(kind: Option<&str>) -> bool {
    kind.is_some_and(|k| FIRST_SCREEN_KINDS.contains(&k)) || other_kinds().is_some()
}

/// Reads the data of every kind outside `FIRST_SCREEN_KINDS` from its JSON text.
pub fn read_other_kinds(kind: &str, json: &str) -> Result<Body, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(json);
    let data = &mut de;
    let body = match kind {
        "goal" => Body::Goal(Goal::deserialize(data)?),
        "check_in" => Body::CheckIn(CheckIn::deserialize(data)?),
        "review" => Body::Review(MonthlyReview::deserialize(data)?),
        "feedback" => Body::Feedback(Feedback::deserialize(data)?),
        "feedback_request" => Body::FeedbackRequest(FeedbackRequest::deserialize(data)?),
        "celebration" => Body::Celebration(Celebration::deserialize(data)?),
        "recognition_script" => Body::RecognitionScript(RecognitionScript::deserialize(data)?),
        "charter_version" => Body::CharterVersion(CharterVersion::deserialize(data)?),
        "charter_ack" => Body::CharterAck(Acknowledgement::deserialize(data)?),
        "authority" => Body::Authority(AuthorityMatrix::deserialize(data)?),
        "standards" => Body::Standards(RoleStandards::deserialize(data)?),
        "rating" => Body::Rating(Rating::deserialize(data)?),
        "self_report" => Body::SelfReport(SelfReport::deserialize(data)?),
        "invitation" => Body::Invitation(Invitation::deserialize(data)?),
        "skill" => Body::Skill(Skill::deserialize(data)?),
        "assessment" => Body::Assessment(Assessment::deserialize(data)?),
        "dev_action" => Body::DevAction(DevAction::deserialize(data)?),
        "stretch" => Body::Stretch(Stretch::deserialize(data)?),
        "indicator" => Body::Indicator(Indicator::deserialize(data)?),
        "readings" => Body::Readings(ReadingMonth::deserialize(data)?),
        "improvement_plan" => Body::ImprovementPlan(Plan::deserialize(data)?),
        "plan_review" => Body::PlanReview(PlanReview::deserialize(data)?),
        "plan_ack" => Body::PlanAck(PlanAck::deserialize(data)?),
        "warning_note" => Body::WarningNote(WarningNote::deserialize(data)?),
        "rollout" => Body::Rollout(Rollout::deserialize(data)?),
        "system_review" => Body::SystemReview(SystemReview::deserialize(data)?),
        "leader_plan" => Body::LeaderPlan(LeaderPlan::deserialize(data)?),
        "rollout_tick" => Body::RolloutTick(Tick::deserialize(data)?),
        "leader_assessment" => Body::LeaderAssessment(SelfAssessment::deserialize(data)?),
        "learning_action" => Body::LearningAction(LearningAction::deserialize(data)?),
        "action_outcome" => Body::ActionOutcome(ActionOutcome::deserialize(data)?),
        other => return Err(de::Error::unknown_variant(other, KINDS)),
    };
    de.end()?;
    Ok(body)
}

impl Body {
    /// Reads a kind's data from any deserializer: the first screen's kinds directly, the others
    /// from their JSON text through `read_other_kinds`.
    fn read<'de, D: Deserializer<'de>>(kind: &str, data: D) -> Result<Body, D::Error> {
        match kind {
            "team" => return Ok(Body::Team(Team::deserialize(data)?)),
            "person" => return Ok(Body::Person(Person::deserialize(data)?)),
            k if !KINDS.contains(&k) => return Err(de::Error::unknown_variant(k, KINDS)),
            _ => {}
        }
        let read = other_kinds()
            .ok_or_else(|| de::Error::custom("the part of Trellis that reads it is not loaded"))?;
        let json = <&serde_json::value::RawValue>::deserialize(data)?;
        read(kind, json.get()).map_err(|e| de::Error::custom(without_position(&e.to_string())))
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Body::Team(_) => "team",
            Body::Person(_) => "person",
            Body::Goal(_) => "goal",
            Body::CheckIn(_) => "check_in",
            Body::Review(_) => "review",
            Body::Feedback(_) => "feedback",
            Body::FeedbackRequest(_) => "feedback_request",
            Body::Celebration(_) => "celebration",
            Body::RecognitionScript(_) => "recognition_script",
            Body::CharterVersion(_) => "charter_version",
            Body::CharterAck(_) => "charter_ack",
            Body::Authority(_) => "authority",
            Body::Standards(_) => "standards",
            Body::Rating(_) => "rating",
            Body::SelfReport(_) => "self_report",
            Body::Invitation(_) => "invitation",
            Body::Skill(_) => "skill",
            Body::Assessment(_) => "assessment",
            Body::DevAction(_) => "dev_action",
            Body::Stretch(_) => "stretch",
            Body::Indicator(_) => "indicator",
            Body::Readings(_) => "readings",
            Body::ImprovementPlan(_) => "improvement_plan",
            Body::PlanReview(_) => "plan_review",
            Body::PlanAck(_) => "plan_ack",
            Body::WarningNote(_) => "warning_note",
            Body::Rollout(_) => "rollout",
            Body::SystemReview(_) => "system_review",
            Body::LeaderPlan(_) => "leader_plan",
            Body::RolloutTick(_) => "rollout_tick",
            Body::LeaderAssessment(_) => "leader_assessment",
            Body::LearningAction(_) => "learning_action",
            Body::ActionOutcome(_) => "action_outcome",
        }
    }

    /// The scope its records take unless the writer chose another (`domain::scope`).
    pub fn default_scope(&self) -> Scope {
        with_data!(self, x => x.default_scope())
    }

    /// The scopes its records may have: the default, and where the method lets the writer
    /// choose another, that too (`domain::scope::choices`).
    pub fn scope_choices(&self) -> Vec<Scope> {
        match self {
            Body::Goal(g) => crate::domain::scope::goal_choices(g),
            other => vec![other.default_scope()],
        }
    }

    /// What is wrong with the data itself (the same rules the forms apply).
    pub fn problems(&self) -> Vec<FieldError> {
        match self {
            Body::Team(t) => t.problems(),
            Body::Person(p) => p.problems(),
            Body::Goal(g) => g.problems(),
            Body::CheckIn(c) => c.problems(),
            Body::Review(r) => r.problems(),
            Body::Feedback(f) => f.problems(),
            Body::FeedbackRequest(r) => r.problems(),
            Body::Celebration(c) => c.problems(),
            Body::RecognitionScript(s) => s.problems(),
            Body::CharterVersion(v) => v.problems(),
            Body::CharterAck(a) => a.problems(),
            Body::Authority(m) => m.problems(),
            Body::Standards(s) => s.problems(),
            Body::Rating(r) => r.problems(None),
            Body::SelfReport(r) => r.problems(None),
            Body::Invitation(i) => i.problems(),
            Body::Skill(s) => s.problems(),
            Body::Assessment(a) => a.problems(None),
            Body::DevAction(a) => a.problems(None),
            Body::Stretch(s) => s.problems(),
            Body::Indicator(i) => i.problems(),
            Body::Readings(m) => m.problems(),
            Body::ImprovementPlan(p) => p.problems(),
            Body::PlanReview(r) => r.stored_problems(),
            Body::PlanAck(a) => a.problems(),
            Body::WarningNote(n) => n.problems(None),
            Body::Rollout(r) => r.problems(),
            Body::SystemReview(r) => r.problems(None),
            Body::LeaderPlan(p) => p.problems(None),
            Body::RolloutTick(t) => t.problems(),
            Body::LeaderAssessment(a) => crate::domain::leadership::assessment_problems(a, None),
            Body::LearningAction(a) => crate::domain::leadership::action_problems(a, None, None),
            Body::ActionOutcome(o) => o.problems(),
        }
    }
}

impl Record {
    pub fn new(id: String, body: Body, now: Timestamp, seq: u64) -> Self {
        Record {
            v: SCHEMA_VERSION,
            id,
            rev: 1,
            seq,
            created: now,
            updated: now,
            deleted: false,
            scope: body.default_scope(),
            body,
        }
    }

    /// The scope of a new version with `body`: one that followed its kind's default follows it
    /// still (a goal given to another person moves to their scope); one the writer chose stays.
    pub fn scope_for(&self, body: &Body) -> Scope {
        if self.scope == self.body.default_scope() {
            body.default_scope()
        } else {
            self.scope.clone()
        }
    }

    pub fn key(&self) -> String {
        record_key(self.body.kind(), &self.id)
    }

    /// The wire form: export files, sync, merge bases.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("records always serialise")
    }

    /// The stored form: the value of its key in browser storage (see `Stored`).
    pub fn to_stored(&self) -> String {
        let updated = self.updated.millis();
        let stored = Stored {
            v: self.v,
            r: self.rev,
            c: Moment(self.created),
            u: (self.updated != self.created).then_some(Moment(self.updated)),
            s: (self.seq as i64).wrapping_sub(updated),
            x: self.deleted,
            a: (self.scope != self.body.default_scope()).then_some(&self.scope),
            d: Data(&self.body),
        };
        serde_json::to_string(&stored).expect("records always serialise")
    }

    /// Reads the stored form of the record under the key of `kind` and `id`.
    pub fn from_stored(kind: &str, id: &str, raw: &str) -> Result<Record, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(raw);
        let record = StoredSeed { kind, id }.deserialize(&mut de)?;
        de.end()?;
        Ok(record)
    }

    /// A short human label for messages: "person “Maya Okafor”".
    pub fn describe(&self) -> String {
        let label = match &self.body {
            Body::Team(t) => t.name.clone(),
            Body::Person(p) => p.name.clone(),
            Body::Goal(g) => g.title.clone(),
            Body::CheckIn(c) => c.held_on.to_string(),
            Body::Review(r) => r.month_label(),
            Body::Feedback(f) => format!("{} {}", f.kind.label(), f.given_on),
            Body::FeedbackRequest(r) => r.topic.clone(),
            Body::Celebration(c) => c.title.clone(),
            Body::RecognitionScript(s) => s.name.clone(),
            Body::CharterVersion(v) => format!("version {}", v.number),
            Body::CharterAck(a) => format!("version {}", a.version),
            Body::Authority(m) => format!("{} decision areas", m.areas.len()),
            Body::Standards(s) => s.role.clone(),
            Body::Rating(r) => format!("{} {}", r.item, r.on),
            Body::SelfReport(r) => format!("week of {}", r.week),
            Body::Invitation(i) => format!("made {}", i.made.date()),
            Body::Skill(s) => s.name.clone(),
            Body::Assessment(a) => format!("{} level {}", a.on, a.level.unwrap_or(0)),
            Body::DevAction(a) => a.title.clone(),
            Body::Stretch(s) => s.title.clone(),
            Body::Indicator(i) => i.name.clone(),
            Body::Readings(m) => match m.month() {
                Some((y, mo)) => format!("{y}-{mo:02}, {} readings", m.readings.len()),
                None => "no readings".into(),
            },
            Body::ImprovementPlan(p) => format!("from {}", p.start),
            Body::PlanReview(r) => r.on.to_string(),
            Body::PlanAck(a) => format!("version {}", a.version),
            Body::WarningNote(n) => n.key.clone(),
            Body::Rollout(r) => format!("from {}", r.start),
            Body::SystemReview(r) => r.quarter(),
            Body::LeaderPlan(p) => format!("{} learning actions", p.actions.len()),
            Body::RolloutTick(t) => t.task.clone(),
            Body::LeaderAssessment(a) => a.on.to_string(),
            Body::LearningAction(a) => a.text.clone(),
            Body::ActionOutcome(o) => o.on.to_string(),
        };
        format!("{} “{}”", self.body.kind().replace('_', "-"), label)
    }
}

/// A kind's data alone, as it is in both forms.
struct Data<'a>(&'a Body);

impl Serialize for Data<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        with_data!(self.0, x => x.serialize(s))
    }
}

/// The wire form, field by field.
#[derive(Serialize)]
struct Wire<'a> {
    v: u32,
    id: &'a str,
    rev: u64,
    seq: u64,
    created: Timestamp,
    updated: Timestamp,
    deleted: bool,
    scope: &'a Scope,
    kind: &'static str,
    data: Data<'a>,
}

impl Serialize for Record {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Wire {
            v: self.v,
            id: &self.id,
            rev: self.rev,
            seq: self.seq,
            created: self.created,
            updated: self.updated,
            deleted: self.deleted,
            scope: &self.scope,
            kind: self.body.kind(),
            data: Data(&self.body),
        }
        .serialize(s)
    }
}

/// The stored form, `{"v":3,"r":2,"c":1796216633715,"d":{…}}`: the key holds the kind and the
/// id, and what a default says is left out.
/// - `r` the revision; `c` created and `u` updated, in milliseconds (`u` only when it differs);
/// - `s` the change number minus `u` (a change numbers at its own millisecond unless two fall
///   in one), only when not 0;
/// - `x` only for a tombstone;
/// - `a` the audience, only when it is not the kind's default. What a missing `a` means is
///   fixed by the record's version: changing a kind's default scope needs a new schema version
///   whose migration writes the old default out (`domain::scope` pins the defaults in a test).
#[derive(Serialize)]
struct Stored<'a> {
    v: u32,
    r: u64,
    c: Moment,
    #[serde(skip_serializing_if = "Option::is_none")]
    u: Option<Moment>,
    #[serde(skip_serializing_if = "is_zero")]
    s: i64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    x: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    a: Option<&'a Scope>,
    d: Data<'a>,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// A moment in the stored form: milliseconds, or RFC 3339 text for one finer than that (from
/// an import), so nothing is lost.
#[derive(Clone, Copy)]
struct Moment(Timestamp);

impl Serialize for Moment {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.0;
        if t.utc().timestamp_subsec_nanos().is_multiple_of(1_000_000) {
            s.serialize_i64(t.millis())
        } else {
            t.serialize(s)
        }
    }
}

impl<'de> Deserialize<'de> for Moment {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Moment;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a time")
            }
            fn visit_i64<E: de::Error>(self, ms: i64) -> Result<Moment, E> {
                Timestamp::from_millis(ms)
                    .map(Moment)
                    .ok_or_else(|| E::custom("a time out of range"))
            }
            fn visit_u64<E: de::Error>(self, ms: u64) -> Result<Moment, E> {
                self.visit_i64(i64::try_from(ms).map_err(|_| E::custom("a time out of range"))?)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Moment, E> {
                s.parse().map(Moment).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum StoredField {
    V,
    R,
    C,
    U,
    S,
    X,
    A,
    D,
    #[serde(other)]
    Other,
}

/// Reads the stored form under the key of `kind` and `id`.
struct StoredSeed<'a> {
    kind: &'a str,
    id: &'a str,
}

impl<'de> DeserializeSeed<'de> for StoredSeed<'_> {
    type Value = Record;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Record, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for StoredSeed<'_> {
    type Value = Record;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a stored Trellis record")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Record, M::Error> {
        let (mut v, mut rev, mut created, mut updated) = (None, None, None::<Moment>, None);
        let (mut seq, mut deleted, mut scope, mut body) = (0i64, false, None::<Scope>, None);
        while let Some(field) = map.next_key::<StoredField>()? {
            match field {
                StoredField::V => v = Some(map.next_value()?),
                StoredField::R => rev = Some(map.next_value()?),
                StoredField::C => created = Some(map.next_value()?),
                StoredField::U => updated = Some(map.next_value::<Moment>()?),
                StoredField::S => seq = map.next_value()?,
                StoredField::X => deleted = map.next_value()?,
                StoredField::A => scope = Some(map.next_value()?),
                StoredField::D => body = Some(map.next_value_seed(BodySeed(self.kind))?),
                StoredField::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let body: Body = body.ok_or_else(|| de::Error::missing_field("d"))?;
        let created = created.ok_or_else(|| de::Error::missing_field("c"))?.0;
        let updated = updated.map_or(created, |u| u.0);
        Ok(Record {
            v: v.ok_or_else(|| de::Error::missing_field("v"))?,
            id: self.id.to_string(),
            rev: rev.ok_or_else(|| de::Error::missing_field("r"))?,
            seq: updated.millis().wrapping_add(seq).max(0) as u64,
            created,
            updated,
            deleted,
            scope: scope.unwrap_or_else(|| body.default_scope()),
            body,
        })
    }
}

struct BodySeed<'a>(&'a str);

impl<'de> DeserializeSeed<'de> for BodySeed<'_> {
    type Value = Body;
    fn deserialize<D: Deserializer<'de>>(self, data: D) -> Result<Body, D::Error> {
        Body::read(self.0, data)
    }
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Field {
    V,
    Id,
    Rev,
    Seq,
    Created,
    Updated,
    Deleted,
    Scope,
    Kind,
    Data,
    #[serde(other)]
    Other,
}

impl<'de> Deserialize<'de> for Record {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(RecordVisitor)
    }
}

struct RecordVisitor;

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = Record;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Trellis record")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Record, M::Error> {
        let (mut v, mut id, mut rev, mut seq, mut created, mut updated, mut deleted) =
            (None, None, None, None, None, None, None);
        let mut scope = None::<Scope>;
        let (mut kind, mut body, mut early_data) =
            (None::<String>, None, None::<serde_json::Value>);
        while let Some(field) = map.next_key::<Field>()? {
            match field {
                Field::V => v = Some(map.next_value()?),
                Field::Id => id = Some(map.next_value()?),
                Field::Rev => rev = Some(map.next_value()?),
                Field::Seq => seq = Some(map.next_value()?),
                Field::Created => created = Some(map.next_value()?),
                Field::Updated => updated = Some(map.next_value()?),
                Field::Deleted => deleted = Some(map.next_value()?),
                Field::Scope => scope = Some(map.next_value()?),
                Field::Kind => kind = Some(map.next_value()?),
                // Our own records put `kind` first; data from elsewhere may not.
                Field::Data => match &kind {
                    Some(k) => body = Some(map.next_value_seed(BodySeed(k))?),
                    None => early_data = Some(map.next_value()?),
                },
                Field::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let kind = kind.ok_or_else(|| de::Error::missing_field("kind"))?;
        let body = match (body, early_data) {
            (Some(b), _) => b,
            // Rare (data from elsewhere): read it again from text, with the same parser as above.
            (None, Some(data)) => {
                let text = data.to_string();
                Body::read(&kind, &mut serde_json::Deserializer::from_str(&text))
                    .map_err(|e| de::Error::custom(without_position(&e.to_string())))?
            }
            (None, None) => return Err(de::Error::missing_field("data")),
        };
        Ok(Record {
            v: v.ok_or_else(|| de::Error::missing_field("v"))?,
            id: id.ok_or_else(|| de::Error::missing_field("id"))?,
            rev: rev.ok_or_else(|| de::Error::missing_field("rev"))?,
            seq: seq.unwrap_or(0),
            created: created.ok_or_else(|| de::Error::missing_field("created"))?,
            updated: updated.ok_or_else(|| de::Error::missing_field("updated"))?,
            deleted: deleted.unwrap_or(false),
            // Records of schema 1 had none: they take their kind's default (the migration).
            scope: scope.unwrap_or_else(|| body.default_scope()),
            body,
        })
    }
}

/// A serde_json error message without the " at line 1 column 80" that parsing from text adds:
/// the position in a re-printed value means nothing to the user.
pub(crate) fn without_position(msg: &str) -> &str {
    msg.rsplit_once(" at line ").map_or(msg, |(m, _)| m)
}

/// A fresh random record id: 80 bits from the system's secure generator, base32 (lowercase).
pub fn new_id() -> String {
    let mut bytes = [0u8; 10];
    // Not `expect`: printing getrandom's error would bring its table of messages for every
    // platform into the bundle.
    if getrandom::getrandom(&mut bytes).is_err() {
        panic!("the platform has a random source");
    }
    base32(&bytes)
}

fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
    let mut out = String::with_capacity(bytes.len() * 8 / 5 + 1);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in bytes {
        acc = (acc << 8) | b as u32;
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((acc >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((acc << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Ids are what `new_id` makes, or what an earlier version or another device made: short,
/// printable, and safe inside a storage key.
pub fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_random_and_valid() {
        let a = new_id();
        let b = new_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 16);
        assert!(valid_id(&a));
        assert!(!valid_id(""));
        assert!(!valid_id("a:b"));
        assert!(!valid_id(&"x".repeat(65)));
        assert_eq!(base32(&[0xff, 0x00]), "zw00");
    }

    #[test]
    fn record_json_shape() {
        let now: Timestamp = "2026-11-26T10:00:00Z".parse().unwrap();
        let r = Record::new(
            "abc".into(),
            Body::Team(Team {
                name: "T".into(),
                mission: "".into(),
                scripts: vec![],
            }),
            now,
            3,
        );
        let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(json["kind"], "team");
        assert_eq!(json["data"]["name"], "T");
        assert_eq!(json["rev"], 1);
        assert_eq!(json["v"], SCHEMA_VERSION);
        assert_eq!(json["scope"], "team");
        let back: Record = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back, r);
        // Field order does not matter (data before kind), unknown fields are skipped.
        let reordered = format!(
            r#"{{"data":{},"extra":[1],"kind":"team","id":"abc","v":3,"rev":1,"seq":3,"created":"2026-11-26T10:00:00Z","scope":"team","updated":"2026-11-26T10:00:00Z"}}"#,
            json["data"]
        );
        assert_eq!(serde_json::from_str::<Record>(&reordered).unwrap(), r);
        let err = serde_json::from_str::<Record>(r#"{"v":1,"id":"a","rev":1,"created":"2026-11-26T10:00:00Z","updated":"2026-11-26T10:00:00Z","kind":"team"}"#).unwrap_err();
        assert!(err.to_string().contains("missing field `data`"), "{err}");
    }
}
