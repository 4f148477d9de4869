//! Member mode: on a device, a team member says who they are; they then see their own goals
//! (and record progress on a goal's page, marked as self-reported), write a weekly self-report
//! and assess themselves against their role's standards. Who uses the device is kept on the
//! device only (`store::device`); the reports and self-assessments are ordinary records.
use leptos::prelude::*;

use super::report::{ratings_of, reports_by, ReportLines};
use super::TeamTabs;
use crate::domain::dates::{add_days, long_date, parse_iso, Date};
use crate::domain::self_report::{self_vs_rated, week_of, SelfReport};
use crate::domain::standards::{rated_items, standards_for, Level, Rating, RoleStandards};
use crate::domain::FieldError;
use crate::store::{drafts, Body};
use crate::ui::components::draft::{clear_fields, keep_draft, DraftNotice};
use crate::ui::components::{ChoiceField, FormErrors, TableScroll, TextArea};
use crate::ui::goals::PersonGoals;
use crate::ui::lookup::{first_name, people_choices};
use crate::ui::router::use_navigate;
use crate::ui::state::{now, AppState, SaveOutcome};

/// `/me`: who is using this device, then their own page.
#[component]
pub fn MePage() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Only who it is and their name and role: saving a report must not redraw the page.
    let member = Memo::new(move |_| {
        let id = state.me.get()?;
        state.repo.with(|r| match r.get(&id).map(|rec| &rec.body) {
            Some(Body::Person(p)) if !p.archived => {
                Some((id.clone(), p.name.clone(), p.role.clone()))
            }
            _ => None,
        })
    });
    view! {
        {move || match member.get() {
            None => view! { <WhoAmI /> }.into_any(),
            Some((id, name, role)) => view! { <MemberHome id name role /> }.into_any(),
        }}
    }
}

#[component]
fn WhoAmI() -> impl IntoView {
    let state = expect_context::<AppState>();
    let chosen = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let mut people = vec![(String::new(), "Choose your name".to_string())];
    let team = people_choices(state);
    let empty = team.is_empty();
    people.extend(team);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = chosen.get_untracked();
        if id.is_empty() {
            error.set(Some("Choose your name from the list.".into()));
            crate::ui::browser::focus("me-person");
            return;
        }
        error.set(None);
        state.set_me(Some(id));
    };
    view! {
        <article class="member" data-testid="who-am-i">
            <header class="page-head">
                <div>
                    <TeamTabs />
                    <h1>"Member mode"</h1>
                    <p class="sub">"Team members: say who you are on this device to see your own goals, record your progress, write your weekly self-report and assess yourself against your role's standards. Your manager sees your latest report when preparing your 1:1."</p>
                </div>
            </header>
            <section class="panel">
                {if empty {
                    view! { <p class="empty">"There is nobody on the team yet: add people first."</p> }.into_any()
                } else {
                    view! {
                        <form class="form" novalidate on:submit=submit>
                            <ChoiceField id="me-person" label="I am" value=chosen options=Signal::stored(people) error=Signal::derive(move || error.get()) />
                            <div class="actions"><button type="submit" class="primary">"Continue"</button></div>
                        </form>
                    }.into_any()
                }}
                <p class="hint">"This is a view, not a login: anyone using this browser can switch. What you write is kept with the team's data, like everything else in Trellis."</p>
            </section>
        </article>
    }
}

#[component]
fn MemberHome(id: String, name: String, role: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let navigate = use_navigate();
    let leave = move |_| {
        state.set_me(None);
        state.say("Back in the manager's view.");
        navigate("/");
    };
    let first = first_name(&name).to_string();
    view! {
        <article class="member" data-testid="member-home">
            <header class="page-head">
                <div>
                    <p class="eyebrow">"Member mode"</p>
                    <h1>{name.clone()}</h1>
                    <p class="sub">"Your goals, your week and how you see your work. Your manager sees your latest self-report when preparing your 1:1."</p>
                </div>
                // A member's own device (joined with an invitation) has no other view to go to.
                {(state.role() == crate::domain::scope::Role::Manager).then(|| view! {
                    <div class="actions">
                        <button type="button" on:click=move |_| state.set_me(None)>{format!("Not {first}? Switch")}</button>
                        <button type="button" data-testid="leave-member-mode" on:click=leave>"Back to the manager's view"</button>
                    </div>
                })}
            </header>
            <WeeklyReport person=id.clone() />
            <p class="hint">"Open one of your goals to record progress: updates you record in member mode are marked as self-reported."</p>
            <PersonGoals owner=id.clone() />
            <crate::ui::development::DevSlot piece=crate::ui::development::DevPiece::Summary(id.clone()) />
            <crate::ui::improvement::ImprovementSlot piece=crate::ui::improvement::ImprovementPiece::Person(id.clone()) />
            <p><leptos_router::components::A href=crate::ui::href("/indicators") attr:class="button">"Indicators and scorecard"</leptos_router::components::A>" Your own indicators take your readings as self-reports."</p>
            <SelfAssessment person=id role />
        </article>
    }
}

const DRAFT: &str = "self-report";
/// The fields that hold typed words (the draft is kept while one of them does).
const TYPED: &[usize] = &[1, 2, 3, 4];

/// The weeks a report can be for: this one and the two before, as (ISO date, label).
fn weeks(today: Date) -> Vec<(String, String)> {
    let this = week_of(today);
    (0..3)
        .map(|ago| {
            let w = add_days(this, -7 * ago);
            let when = match ago {
                0 => "This week",
                1 => "Last week",
                _ => "Two weeks ago",
            };
            (w.to_string(), format!("{when} (from {})", long_date(w)))
        })
        .collect()
}

fn fields_of(r: &SelfReport) -> [String; 6] {
    [
        r.week.to_string(),
        r.done.clone(),
        r.next.clone(),
        r.blockers.clone(),
        r.help.clone(),
        r.confidence.map(|c| c.to_string()).unwrap_or_default(),
    ]
}

/// This week's self-report (or an earlier week's), kept as a draft in the tab while written;
/// writing a week again changes that week's report.
#[component]
fn WeeklyReport(person: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let audience = crate::domain::scope::Scope::of_person(&person);
    let today = now().date();
    let errors = FormErrors::new();
    let fields: [RwSignal<String>; 6] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let [week, done, next, blockers, help, confidence] = fields;
    let who = StoredValue::new(person.clone());
    // The saved report of a week: (id, rev, report).
    let saved_for = move |w: &str| {
        let w = parse_iso(w)?;
        state.repo.with_untracked(|r| {
            r.live().find_map(|rec| match &rec.body {
                Body::SelfReport(x) if who.with_value(|p| x.person == *p) && x.week == w => {
                    Some((rec.id.clone(), rec.rev, x.clone()))
                }
                _ => None,
            })
        })
    };
    let fill = move |w: String| {
        let values = match saved_for(&w) {
            Some((_, _, r)) => fields_of(&r),
            None => [
                w,
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ],
        };
        for (f, v) in fields.iter().zip(values) {
            f.set(v);
        }
    };
    fill(week_of(today).to_string());
    let restored = keep_draft(DRAFT, fields, TYPED);
    // A "draft" that is exactly the saved report is nothing unsaved.
    if restored.get_untracked() {
        let values = fields.map(|f| f.get_untracked());
        match saved_for(&values[0]) {
            Some((_, _, r)) if fields_of(&r) == values => restored.set(false),
            _ => {}
        }
    }
    let base = RwSignal::new(saved_for(&week.get_untracked()).map(|(id, rev, _)| (id, rev)));
    let choose_week = move |w: String| {
        base.set(saved_for(&w).map(|(id, rev, _)| (id, rev)));
        fill(w);
        restored.set(false);
        errors.clear();
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let report = SelfReport {
            person: person.clone(),
            week: parse_iso(&week.get_untracked()).unwrap_or_default(),
            done: done.get_untracked().trim().to_string(),
            next: next.get_untracked().trim().to_string(),
            blockers: blockers.get_untracked().trim().to_string(),
            help: help.get_untracked().trim().to_string(),
            confidence: confidence.get_untracked().parse().ok(),
            written: today,
        };
        let errs = report.problems(Some(today));
        if !errs.is_empty() {
            return errors.show("sr", errs);
        }
        let target = base.get_untracked();
        if target.is_none() && saved_for(&week.get_untracked()).is_some() {
            return errors.show("sr", vec![FieldError::new("done", "A report for this week was just written in another tab: choose the week again to see it. Your words are kept as a draft meanwhile.")]);
        }
        match state.save(target, Body::SelfReport(report)) {
            SaveOutcome::Saved(rec) | SaveOutcome::InMemoryOnly(rec) => {
                errors.clear();
                base.set(Some((rec.id, rec.rev)));
                drafts::clear(DRAFT);
                restored.set(false);
                state.say("Self-report saved. Your manager sees it when preparing your 1:1.");
            }
            SaveOutcome::Conflict(_) | SaveOutcome::Missing => errors.show("sr", vec![FieldError::new("done", "This week's report changed in another tab: choose the week again to see it. Your words are kept as a draft meanwhile.")]),
            SaveOutcome::NotAllowed => {}
        }
    };
    let week_options = Signal::stored(weeks(today));
    let past = Memo::new(move |_| {
        state
            .repo
            .with(|r| who.with_value(|p| reports_by(r, p).into_iter().cloned().collect::<Vec<_>>()))
    });
    view! {
        <section class="panel" aria-labelledby="sr-title" data-testid="self-report-form">
            <h2 id="sr-title">"Weekly self-report"</h2>
            <DraftNotice restored discard=Callback::new(move |_| {
                clear_fields(&fields, TYPED);
                choose_week(week.get_untracked());
            }) />
            <form class="form" novalidate on:submit=submit>
                <div class="field" class:has-error=move || errors.of("week").with(Option::is_some)>
                    <label for="sr-week">"Week"</label>
                    <select id="sr-week" aria-describedby="sr-week-error" prop:value=move || week.get() on:change=move |ev| choose_week(event_target_value(&ev))>
                        {move || week_options.get().into_iter().map(|(key, text)| {
                            let selected = week.with_untracked(|v| *v == key);
                            view! { <option value=key selected=selected>{text}</option> }
                        }).collect_view()}
                    </select>
                    <p class="hint">{move || if base.get().is_some() { "You have written this week's report: saving changes it." } else { "" }}</p>
                    <p class="field-error" id="sr-week-error">{move || errors.of("week").get()}</p>
                </div>
                <TextArea id="sr-done" label="What got done" value=done error=errors.of("done") />
                <TextArea id="sr-next" label="Next priorities" value=next error=errors.of("next") />
                <TextArea id="sr-blockers" label="Blockers (optional)" value=blockers error=errors.of("blockers") hint="What is in your way, and since when." />
                <TextArea id="sr-help" label="Help needed (optional)" value=help error=errors.of("help") hint="What you would like from your manager or the team." />
                <fieldset class="choice-row" id="sr-confidence" tabindex="-1" aria-describedby="sr-confidence-error">
                    <legend>"Confidence for the coming week (1 = not at all, 5 = fully)"</legend>
                    {(1..=5u8).map(|n| view! {
                        <label class="check"><input type="radio" name="sr-confidence" prop:checked=move || confidence.get() == n.to_string() on:change=move |_| confidence.set(n.to_string()) />" "{n}</label>
                    }).collect_view()}
                    <p class="field-error" id="sr-confidence-error">{move || errors.of("confidence").get()}</p>
                </fieldset>
                <crate::ui::components::Audience scope=Signal::stored(audience) />
                <div class="actions"><button type="submit" class="primary" data-testid="save-self-report">"Save self-report"</button></div>
            </form>
            <h3>"Your reports"</h3>
            {move || {
                let mine = past.get();
                if mine.is_empty() {
                    return view! { <p class="empty">"None yet: your first one goes above."</p> }.into_any();
                }
                let editable: Vec<String> = week_options.get().into_iter().map(|(k, _)| k).collect();
                view! {
                    <ul class="notes" data-testid="my-reports">
                        {mine.into_iter().map(|r| {
                            let key = r.week.to_string();
                            // Weeks that can still be changed, other than the one in the form.
                            let can_change = editable.contains(&key) && week.with(|w| *w != key);
                            view! {
                                <li>
                                    <ReportLines report=r.clone() />
                                    {can_change.then(|| view! {
                                        " "<button type="button" class="link" on:click=move |_| { choose_week(key.clone()); crate::ui::browser::focus("sr-done"); }>
                                            {format!("Change the report of {}", long_date(r.week))}
                                        </button>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// Self-assessment against the role's standards: a level (and a note) per item; each item
/// with a level becomes a rating of their own, kept with the history. Then their latest
/// self-assessment beside the latest rating from their manager.
#[component]
fn SelfAssessment(person: String, role: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = now().date();
    let errors = FormErrors::new();
    let items = rated_items();
    let levels: Vec<RwSignal<String>> =
        items.iter().map(|_| RwSignal::new(String::new())).collect();
    let notes: Vec<RwSignal<String>> = items.iter().map(|_| RwSignal::new(String::new())).collect();
    let standards: Option<RoleStandards> = state.repo.with_untracked(|r| {
        let all: Vec<&RoleStandards> = r
            .live()
            .filter_map(|rec| match &rec.body {
                Body::Standards(s) => Some(s),
                _ => None,
            })
            .collect();
        standards_for(&role, &all).cloned()
    });
    // What "meets" looks like for each item, from the role's standards.
    let guide: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(i, _)| match (&standards, i) {
            (None, _) => String::new(),
            (Some(s), 0) => s.quality.clone(),
            (Some(s), 1) => s.productivity.clone(),
            (Some(s), i) => s
                .behaviours
                .get(i - 2)
                .map(|b| format!("Meets: {}", b[1]))
                .unwrap_or_default(),
        })
        .collect();
    let who = person.clone();
    let compare = Memo::new(move |_| {
        state.repo.with(|r| {
            let mine = ratings_of(r, &who);
            self_vs_rated(&who, &mine)
                .into_iter()
                .map(|(item, own, rated, _)| {
                    let show = |r: Option<&Rating>| {
                        r.and_then(|r| {
                            r.level
                                .map(|l| format!("{} · {}", l.label(), long_date(r.on)))
                        })
                        .unwrap_or_else(|| "—".into())
                    };
                    (item, show(own), show(rated))
                })
                .collect::<Vec<_>>()
        })
    });
    let (read_levels, read_notes) = (levels.clone(), notes.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut errs = vec![];
        let mut ratings = vec![];
        for (i, item) in rated_items().into_iter().enumerate() {
            let level = Level::from_key(&read_levels[i].get_untracked());
            let note = read_notes[i].get_untracked().trim().to_string();
            match level {
                None if !note.is_empty() => errs.push(FieldError::new(
                    ITEM_FIELDS[i],
                    "Choose a level for this item, or clear its note.",
                )),
                None => {}
                Some(_) => {
                    let r = Rating {
                        person: person.clone(),
                        item: item.to_string(),
                        level,
                        on: today,
                        note,
                        by_self: true,
                    };
                    for e in r.problems(Some(today)) {
                        errs.push(FieldError::new(ITEM_FIELDS[i], e.message));
                    }
                    ratings.push(r);
                }
            }
        }
        if errs.is_empty() && ratings.is_empty() {
            errs.push(FieldError::new(
                ITEM_FIELDS[0],
                "Choose a level for at least one item.",
            ));
        }
        if !errs.is_empty() {
            return errors.show("sa", errs);
        }
        errors.clear();
        let n = ratings.len();
        for r in ratings {
            state.save(None, Body::Rating(r));
        }
        for s in read_levels.iter().chain(&read_notes) {
            s.set(String::new());
        }
        state.say(format!(
            "Self-assessment saved ({n} item{}). Earlier ones stay in the history.",
            if n == 1 { "" } else { "s" }
        ));
    };
    let heading = match &standards {
        Some(s) => format!("Against the standards for {}.", s.role),
        None => format!(
            "There are no standards for your role ({}) yet: assess yourself on the general items, or ask your manager to add them under Team → Standards.",
            if role.is_empty() { "none set" } else { role.as_str() }
        ),
    };
    view! {
        <section class="panel" aria-labelledby="sa-title" data-testid="self-assessment">
            <h2 id="sa-title">"Self-assessment"</h2>
            <p class="hint">{heading}</p>
            <form class="form" novalidate on:submit=submit>
                {items.into_iter().enumerate().map(|(i, item)| {
                    let (level, note) = (levels[i], notes[i]);
                    let field = ITEM_FIELDS[i];
                    let guide = guide[i].clone();
                    view! {
                        <fieldset class="assess" id=format!("sa-{field}") tabindex="-1" aria-describedby=format!("sa-{field}-error")>
                            <legend>{item}</legend>
                            {(!guide.is_empty()).then(|| view! { <p class="hint prewrap">{guide}</p> })}
                            <div class="choice-row">
                                {Level::ALL.map(|l| view! {
                                    <label class="check"><input type="radio" name=format!("sa-{field}-level") prop:checked=move || level.get() == l.key() on:change=move |_| level.set(l.key().into()) />" "{l.label()}</label>
                                }).collect_view()}
                            </div>
                            <div class="field">
                                <label for=format!("sa-{field}-note")>{format!("{item}: note (optional)")}</label>
                                <input id=format!("sa-{field}-note") prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
                            </div>
                            <p class="field-error" id=format!("sa-{field}-error")>{move || errors.of(field).get()}</p>
                        </fieldset>
                    }
                }).collect_view()}
                <div class="actions"><button type="submit" class="primary" data-testid="save-self-assessment">"Save self-assessment"</button></div>
            </form>
            <h3>"You and your manager"</h3>
            <TableScroll label="Your ratings and your manager's">
                <table data-testid="self-vs-rated">
                    <thead><tr><th scope="col">"Item"</th><th scope="col">"Your latest"</th><th scope="col">"Your manager's latest"</th></tr></thead>
                    <tbody>
                        {move || compare.get().into_iter().map(|(item, own, rated)| view! {
                            <tr><th scope="row">{item}</th><td>{own}</td><td>{rated}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </TableScroll>
        </section>
    }
}

/// Field names of the rated items, in `rated_items` order (errors are looked up by them).
const ITEM_FIELDS: [&str; 6] = [
    "quality",
    "productivity",
    "communication",
    "collaboration",
    "leadership",
    "learning",
];
