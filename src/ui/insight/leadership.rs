//! `/leadership`: the manager's own development plan in performance management (method 8.2):
//! a self-assessment on six skills, beside the evidence of how the system is used (the team
//! health measures behind each skill, the SMART-R letters the active goals pass, recognition
//! against corrective feedback), where to start, and learning actions with dates.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::dates::{parse_iso, short_date, Date};
use crate::domain::feedback::FeedbackKind;
use crate::domain::health::score_state;
use crate::domain::leadership::{
    action_problems, assessment_problems, balance_measure, evidence, focus, reading,
    smart_measure, Evidence, LeaderPlan, LearningAction, SelfAssessment, Skill, LEVELS,
};
use crate::domain::smart_r::{check, passes, Context};
use crate::store::Body;
use crate::ui::components::{FormErrors, SelectField, TextArea, TextField};
use crate::ui::href;
use crate::ui::state::{now, AppState, Repo};

use super::health::{health_of, score_text};
use super::Gathered;

/// Days of feedback the balance reads.
const BALANCE_DAYS: i64 = 90;

/// Each skill's evidence today.
fn evidence_of(r: &Repo, today: Date) -> Vec<Evidence> {
    let g = Gathered::of(r);
    let (health, _) = health_of(&g, today, 0);
    let active: Vec<_> = g.goals.iter().filter(|(_, x, _)| !x.archived).collect();
    let letters: usize = active
        .iter()
        .map(|(_, goal, _)| {
            let parent = goal
                .aligned_to
                .as_deref()
                .and_then(|p| g.goals.iter().find(|(id, _, _)| *id == p))
                .map(|(_, x, _)| *x);
            let ctx = Context {
                today,
                parent,
                same_level_count: 0,
                past_changes: &[],
            };
            passes(&check(goal, &ctx))
        })
        .sum();
    let recent = |k: FeedbackKind| {
        g.feedback
            .iter()
            .filter(|f| f.kind == k && f.given_on <= today && f.given_on.days_until(today) <= BALANCE_DAYS)
            .count()
    };
    evidence(
        &health,
        &smart_measure(letters, active.len()),
        &balance_measure(recent(FeedbackKind::Recognition), recent(FeedbackKind::Corrective)),
    )
}


/// The plan as read, and the record (id, revision) of each of its self-assessments and
/// learning actions, in the plan's order.
#[derive(Clone, Debug, Default, PartialEq)]
struct Mine {
    plan: LeaderPlan,
    assessed: Vec<(String, u64)>,
    acts: Vec<(String, u64)>,
}

fn mine(r: &Repo) -> Mine {
    let g = Gathered::of(r);
    let mut m = Mine::default();
    for (id, rev, a) in g.leader_assessments {
        m.plan.assessments.push(a.clone());
        m.assessed.push((id.to_string(), rev));
    }
    for (id, rev, a) in g.learning_actions {
        m.plan.actions.push(a.clone());
        m.acts.push((id.to_string(), rev));
    }
    m
}

#[component]
pub fn LeadershipPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let plan = Memo::new(move |_| state.repo.with(mine));
    let ev = Memo::new(move |_| state.repo.with(|r| evidence_of(r, now().date())));
    view! {
        <article class="leadership" data-testid="leadership-page">
            <header class="page-head">
                <div>
                    <p class="crumb"><A href=href("/insights")>"Insights"</A></p>
                    <h1>"My development as a manager"</h1>
                    <p class="sub">"Your own plan in leading the system: how you rate yourself, what the team's records show, and what you will learn next. Only your devices hold it."</p>
                </div>
            </header>
            {move || {
                let m = plan.get();
                let p = m.plan.clone();
                let e = ev.get();
                let first = focus(&p, &e, 2);
                view! {
                    <Skills p=p.clone() e=e.clone() />
                    {(!first.is_empty()).then(|| view! {
                        <p class="panel focus" data-testid="leadership-focus">
                            {format!("Where to start: {}. Add a learning action for it below.", first.iter().map(|s| s.label()).collect::<Vec<_>>().join(" and "))}
                        </p>
                    })}
                    <Assess m=m.clone() />
                    <Actions m />
                }
            }}
        </article>
    }
}

/// Each skill: the latest self-rating beside the evidence, and how they sit together.
#[component]
fn Skills(p: LeaderPlan, e: Vec<Evidence>) -> impl IntoView {
    let latest = p.latest().cloned();
    let rows = e
        .into_iter()
        .map(|x| {
            let level = latest.as_ref().map_or(0, |a| a.level(x.skill));
            let own = if level == 0 {
                "Not rated".to_string()
            } else {
                format!("{level} of 5: {}", LEVELS[level as usize - 1])
            };
            let state = x.score.map_or("Not measured yet", |s| score_state(s).label());
            let note = reading(level, x.score);
            view! {
                <li class="tier lead-skill" data-testid=format!("skill-{}", x.skill.key())>
                    <h3>{x.skill.label()}</h3>
                    <p class="hint">{x.skill.good()}</p>
                    <p>"Your rating: "<strong>{own}</strong></p>
                    <p data-testid="evidence-score">"Evidence: "<strong>{score_text(x.score)}</strong>" / 100 "<span class="badge">{state}</span></p>
                    <ul class="evidence">{x.measures.iter().map(|m| view! {
                        <li>{format!("{}: {}", m.name, m.detail)}</li>
                    }).collect_view()}</ul>
                    {note.map(|n| view! { <p class="inline-warning">{n}</p> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="lead-skills">
            <h2 id="lead-skills">"Your rating and the records"</h2>
            <p class="hint">{match &latest {
                Some(a) => format!("Your self-assessment of {}. The evidence is scored like team health: each measure as its share of its healthy line.", short_date(a.on)),
                None => "Rate yourself below; the evidence is already here.".into(),
            }}</p>
            <ul class="tiers lead-skills">{rows}</ul>
        </section>
    }
}

/// A new self-assessment, starting from the last one; the earlier ones in a table.
#[component]
fn Assess(m: Mine) -> impl IntoView {
    let state = expect_context::<AppState>();
    let p = m.plan;
    let start: Vec<u8> = p.latest().map_or(vec![0; 6], |a| a.levels.clone());
    let levels: Vec<RwSignal<String>> = start
        .iter()
        .map(|l| RwSignal::new(if *l == 0 { String::new() } else { l.to_string() }))
        .collect();
    let note = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let options: Vec<(&'static str, &'static str)> = vec![
        ("", "Not rated"),
        ("1", "1 New to it"),
        ("2", "2 Learning"),
        ("3", "3 Doing it"),
        ("4", "4 Doing it well"),
        ("5", "5 Could teach it"),
    ];
    let fields = Skill::ALL
        .iter()
        .zip(levels.iter())
        .map(|(s, v)| {
            view! { <SelectField id=format!("lead-level-{}", s.key()) label=s.label() value=*v options=options.clone() error=Signal::derive(|| None::<String>) /> }
        })
        .collect_view();
    let history = p.assessments.clone();
    let go = move |_| {
        let today = now().date();
        let a = SelfAssessment {
            on: today,
            levels: levels.iter().map(|v| v.get_untracked().parse().unwrap_or(0)).collect(),
            note: note.get_untracked().trim().into(),
        };
        let errs = assessment_problems(&a, Some(today));
        if !errs.is_empty() {
            return errors.show("lead", errs);
        }
        // One a day: a second on the same day replaces the first.
        let target = p
            .assessments
            .iter()
            .zip(&m.assessed)
            .rfind(|(x, _)| x.on == today)
            .map(|(_, t)| t.clone());
        state.save_saying(target, Body::LeaderAssessment(a), "Your self-assessment is saved; the earlier ones stay below.");
    };
    view! {
        <section class="panel" aria-labelledby="lead-assess">
            <h2 id="lead-assess">"Rate yourself"</h2>
            <p class="hint">"Once a quarter is enough. Be as honest as with anyone on the team."</p>
            <div class="grid-2">{fields}</div>
            <p class="field-error" id="lead-levels" tabindex="-1">{move || errors.of("levels").get()}</p>
            <TextArea id="lead-note" label="Note (optional)" value=note error=errors.of("note") />
            <button type="button" class="primary" data-testid="save-assessment" on:click=go>"Save the self-assessment"</button>
            {(history.len() > 1).then(|| view! {
                <h3>"Earlier"</h3>
                <crate::ui::components::TableScroll label="Earlier self-assessments">
                    <table data-testid="earlier-assessments">
                        <thead><tr><th scope="col">"Skill"</th>{history.iter().rev().map(|a| view! { <th scope="col" class="count">{short_date(a.on)}</th> }).collect_view()}</tr></thead>
                        <tbody>{Skill::ALL.iter().map(|s| view! {
                            <tr><th scope="row">{s.label()}</th>{history.iter().rev().map(|a| view! { <td class="count">{match a.level(*s) { 0 => "–".to_string(), l => l.to_string() }}</td> }).collect_view()}</tr>
                        }).collect_view()}</tbody>
                    </table>
                </crate::ui::components::TableScroll>
            })}
        </section>
    }
}

/// The learning actions: open first, then done; a form to add one.
#[component]
fn Actions(m: Mine) -> impl IntoView {
    let state = expect_context::<AppState>();
    let p = m.plan;
    let today = now().date();
    let skill = RwSignal::new(Skill::ALL[0].key().to_string());
    let text = RwSignal::new(String::new());
    let due = RwSignal::new(today.add_days(30).to_string());
    let errors = FormErrors::new();
    let skill_options: Vec<(&'static str, &'static str)> =
        Skill::ALL.iter().map(|s| (s.key(), s.label())).collect();
    let add = move |_| {
        let today = now().date();
        let Some(day) = parse_iso(&due.get_untracked()) else {
            return errors.show("lead-action", vec![crate::domain::FieldError::new("due", "Enter a day, e.g. 2027-01-15.")]);
        };
        let a = LearningAction {
            skill: skill.get_untracked(),
            text: text.get_untracked().trim().into(),
            due: day,
            done: None,
        };
        let errs = action_problems(&a, Some(today), Some(today));
        if !errs.is_empty() {
            return errors.show("lead-action", errs);
        }
        if state.save_saying(None, Body::LearningAction(a), "The learning action is added.") {
            text.set(String::new());
            errors.clear();
        }
    };
    let done = p.actions.iter().filter(|a| a.done.is_some()).count();
    let late = p.actions.iter().filter(|a| a.done.is_none() && a.due < today).count();
    let progress = match (p.actions.len(), late) {
        (0, _) => None,
        (n, 0) => Some(format!("{done} of {n} done.")),
        (n, l) => Some(format!("{done} of {n} done, {l} late.")),
    };
    let mut order: Vec<((String, u64), LearningAction)> =
        m.acts.into_iter().zip(p.actions.iter().cloned()).collect();
    order.sort_by_key(|(_, a)| (a.done.is_some(), a.due));
    let list = order
        .into_iter()
        .map(|(t, a)| {
            let x = a.clone();
            let toggle = move |_| {
                let mut x = x.clone();
                x.done = if x.done.is_some() { None } else { Some(now().date()) };
                let said = if x.done.is_some() { "Done: well learned." } else { "Open again." };
                state.save_saying(Some(t.clone()), Body::LearningAction(x), said);
            };
            let skill = Skill::from_key(&a.skill).map_or("", |s| s.label());
            let when = match a.done {
                Some(d) => format!("done {}", short_date(d)),
                None if a.due < today => format!("{} days late (due {})", a.due.days_until(today), short_date(a.due)),
                None => format!("by {}", short_date(a.due)),
            };
            view! {
                <li data-testid="learning-action" data-done=if a.done.is_some() { "true" } else { "false" }>
                    <p><span class="badge">{skill}</span>" "{a.text.clone()}<span class="hint">{format!(" · {when}")}</span></p>
                    <button type="button" data-testid="toggle-learning" on:click=toggle>{if a.done.is_some() { "Open it again" } else { "Mark done" }}</button>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="lead-actions">
            <h2 id="lead-actions">"Learning actions"</h2>
            {progress.map(|t| view! { <p data-testid="learning-progress">{t}</p> })}
            {if p.actions.is_empty() {
                view! { <p class="empty">"None yet."</p> }.into_any()
            } else {
                view! { <ul class="learning">{list}</ul> }.into_any()
            }}
            <h3>"Add one"</h3>
            <SelectField id="lead-action-skill" label="Skill it builds" value=skill options=skill_options error=errors.of("skill") />
            <TextField id="lead-action-text" label="What you will do" value=text error=errors.of("text") hint="A course, a book, practice with a peer, asking the team: something you can tick." />
            <TextField id="lead-action-due" label="By" kind="date" value=due error=errors.of("due") />
            <button type="button" class="primary" data-testid="add-learning" on:click=add>"Add the action"</button>
        </section>
    }
}
