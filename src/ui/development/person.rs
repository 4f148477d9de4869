//! A person's development page: their gaps against their role's skills (ranked, each explained),
//! assessments with their history, the plan's actions, and stretch assignments. Exports as
//! Markdown and prints.
use leptos::prelude::*;
use leptos_router::components::A;

use super::{actions_of, assessments, gaps_of, is_self, may_see, skill_name, skills, stretches};
use crate::domain::dates::{long_date, parse_iso, short_date};
use crate::domain::development::gaps::{age_words, is_stale, Gap};
use crate::domain::development::plan::{plan_markdown, progress};
use crate::domain::development::{
    level_label, parse_level, ActionKind, ActionStatus, Assessment, Checkpoint, DevAction, Stretch,
    StretchKind, StretchState, MAX_LEVEL,
};
use crate::domain::scope::Scope;
use crate::domain::smart_r::{check, Context, Verdict};
use crate::domain::FieldError;
use crate::store::Body;
use crate::ui::browser::{download, focus};
use crate::ui::components::{
    Audience, CheckList, ChoiceField, FormErrors, SelectField, TextArea, TextField,
};
use crate::ui::href;
use crate::ui::people::NotFound;
use crate::ui::state::{now, AppState, SaveOutcome};

/// What the assessment form starts from when an action is completed: (skill, level, evidence).
type Offer = Option<(String, String, String)>;

#[component]
pub fn DevelopmentPage(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let found = state
        .repo
        .with_untracked(|r| match r.get(&id).map(|rec| &rec.body) {
            Some(Body::Person(p)) => Some((p.name.clone(), p.role.clone())),
            _ => None,
        });
    let Some((name, role)) = found else {
        return view! { <NotFound what="person" /> }.into_any();
    };
    if !may_see(state, &id) {
        return view! {
            <article data-testid="development">
                <header class="page-head"><div><h1>{format!("Development: {name}")}</h1></div></header>
                <p class="empty" data-testid="not-yours">{format!("{name}'s development plan is theirs and the manager's: this device does not hold it.")}</p>
            </article>
        }
        .into_any();
    }
    let today = now().date();
    let person = id.clone();
    let gaps = Memo::new(move |_| state.repo.with(|r| gaps_of(r, &person, today)));
    let offer = RwSignal::new(None::<(String, String, String)>);
    let plan_for = RwSignal::new(String::new());
    let (export_id, export_name) = (id.clone(), name.clone());
    let export = move |_| {
        let text = state.repo.with_untracked(|r| {
            let actions: Vec<DevAction> = actions_of(r, &export_id)
                .into_iter()
                .map(|(_, _, a)| a)
                .collect();
            let st: Vec<Stretch> = stretches(r, Some(&export_id))
                .into_iter()
                .map(|(_, _, s)| s)
                .collect();
            let a: Vec<&DevAction> = actions.iter().collect();
            let s: Vec<&Stretch> = st.iter().collect();
            plan_markdown(
                &export_name,
                &gaps.get_untracked(),
                &a,
                &s,
                &|x| skill_name(state, x),
                today,
            )
        });
        download(
            &format!("development-{}.md", export_name.replace(' ', "-")),
            "text/markdown",
            &text,
        );
    };
    let self_view = is_self(state, &id);
    let crumb = name.clone();
    view! {
        <article class="development" data-testid="development">
            <header class="page-head">
                <div>
                    <p class="crumb no-print"><A href=href(&format!("/people/{id}"))>{crumb}</A>" · "<A href=href("/development")>"Team coverage"</A></p>
                    <h1>{format!("Development: {name}")}</h1>
                    <p class="sub">{if role.is_empty() { "No role set: set one on their page to see what it needs.".to_string() } else { format!("{role} · visible to {} and the manager", if self_view { "you" } else { name.as_str() }) }}</p>
                </div>
                <div class="actions no-print">
                    <button type="button" on:click=export data-testid="export-plan">"Export Markdown"</button>
                    <button type="button" on:click=|_| { let _ = window().print(); }>"Print"</button>
                </div>
            </header>
            <Gaps gaps plan_for />
            <Plan person=id.clone() plan_for offer />
            <Assess person=id.clone() offer self_view />
            <Stretches person=id.clone() />
        </article>
    }
    .into_any()
}

#[component]
fn Gaps(gaps: Memo<Vec<Gap>>, plan_for: RwSignal<String>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="gaps-title" data-testid="gaps">
            <h2 id="gaps-title">"Gaps against the role"</h2>
            <p class="hint">"Required level minus the latest assessment, ranked by size and by how much their goals need the skill: a skill an at-risk goal needs ranks higher."</p>
            {move || {
                let all = gaps.get();
                if all.is_empty() {
                    return view! { <p class="empty">"Their role needs no skills of the framework yet."</p> }.into_any();
                }
                view! {
                    <ol class="gap-list">
                        {all.into_iter().map(|g| {
                            let skill = g.skill.clone();
                            let open = g.open() || g.current.is_none();
                            view! {
                                <li class="gap" class:met=!open data-testid="gap">
                                    <div class="gap-head">
                                        <strong>{g.name.clone()}</strong>
                                        <span class="gap-levels">{format!("needs {} · assessed {}", g.required, g.current.map(|c| c.to_string()).unwrap_or_else(|| "–".into()))}{g.own.map(|o| format!(" · own view {o}"))}</span>
                                        {g.stale.then(|| view! { <span class="tag warn">"stale"</span> })}
                                    </div>
                                    <p class="gap-why">{g.why.clone()}</p>
                                    {open.then(|| view! {
                                        <button type="button" class="no-print" on:click=move |_| { plan_for.set(skill.clone()); focus("act-title"); }>{format!("Plan an action for {}", g.name)}</button>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

fn skill_choices(state: AppState) -> Vec<(String, String)> {
    let mut out = vec![(String::new(), "Choose a skill".to_string())];
    out.extend(
        state
            .repo
            .with_untracked(|r| skills(r).into_iter().map(|(id, _, s)| (id, s.name))),
    );
    out
}

/// Assess a skill (the manager) or assess yourself (member mode), and the history.
#[component]
fn Assess(person: String, offer: RwSignal<Offer>, self_view: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = now().date();
    let errors = FormErrors::new();
    let skill = RwSignal::new(String::new());
    let level = RwSignal::new(String::new());
    let evidence = RwSignal::new(String::new());
    let date = RwSignal::new(today.to_string());
    // Completing an action offers a new assessment, with its evidence and expected level.
    Effect::new(move |_| {
        if let Some((s, l, e)) = offer.get() {
            skill.set(s);
            level.set(l);
            evidence.set(e);
            focus("assess-title");
        }
    });
    let who = person.clone();
    let history = Memo::new(move |_| {
        let mut all = state.repo.with(|r| assessments(r, Some(&who)));
        all.sort_by(|a, b| b.1.on.cmp(&a.1.on));
        all
    });
    let who = person.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let a = Assessment {
            person: who.clone(),
            skill: skill.get_untracked(),
            level: level.get_untracked().parse().ok(),
            on: parse_iso(&date.get_untracked()).unwrap_or(today),
            evidence: evidence.get_untracked().trim().to_string(),
            by_self: self_view,
        };
        let mut errs = a.problems(Some(today));
        if parse_iso(&date.get_untracked()).is_none() {
            errs.push(FieldError::new("on", "Enter the date, e.g. 2026-11-20."));
        }
        if !errs.is_empty() {
            return errors.show("assess", errs);
        }
        errors.clear();
        if let SaveOutcome::Saved(_) | SaveOutcome::InMemoryOnly(_) =
            state.save(None, Body::Assessment(a))
        {
            state.say("Assessment saved. Earlier ones stay in the history.");
            level.set(String::new());
            evidence.set(String::new());
            offer.set(None);
        }
    };
    let options = skill_choices(state);
    view! {
        <section class="panel" aria-labelledby="assess-title" data-testid="assess">
            <h2 id="assess-title" tabindex="-1">{if self_view { "Assess yourself" } else { "Assess a skill" }}</h2>
            {self_view.then(|| view! { <p class="hint">"Your own view is kept beside your manager's; the gap is measured from your manager's assessment."</p> })}
            <form class="form no-print" novalidate on:submit=submit>
                <ChoiceField id="assess-skill" label="Skill" value=skill options=Signal::stored(options) error=errors.of("skill") />
                <fieldset class="choice-row" id="assess-level" tabindex="-1" aria-describedby="assess-level-error">
                    <legend>"Level"</legend>
                    {(1..=MAX_LEVEL).map(|l| view! {
                        <label class="check"><input type="radio" name="assess-level" prop:checked=move || level.get() == l.to_string() on:change=move |_| level.set(l.to_string()) />" "{level_label(l)}</label>
                    }).collect_view()}
                    <p class="field-error" id="assess-level-error">{move || errors.of("level").get()}</p>
                </fieldset>
                <TextArea id="assess-evidence" label="Evidence" value=evidence error=errors.of("evidence") hint="What you saw that shows this level: tickets, calls, work done." />
                <TextField id="assess-on" label="Date" kind="date" value=date error=errors.of("on") />
                <Audience scope=Scope::Person(person.clone()) />
                <div class="actions"><button type="submit" class="primary">"Save assessment"</button></div>
            </form>
            <h3>"History"</h3>
            <ul class="notes" data-testid="assessment-history">
                {move || {
                    let all = history.get();
                    if all.is_empty() {
                        return view! { <li>"No assessments yet."</li> }.into_any();
                    }
                    all.into_iter().map(|(_, a)| {
                        let stale = is_stale(a.on, today);
                        view! { <li>
                            {format!("{} · {}: {}{} · {}", long_date(a.on), skill_name(state, &a.skill), a.level.map(level_label).unwrap_or_default(), if a.by_self { " (self-assessment)" } else { "" }, a.evidence)}
                            {stale.then(|| view! { <span class="tag warn">{format!(" stale: {}", age_words(a.on, today))}</span> })}
                        </li> }
                    }).collect_view().into_any()
                }}
            </ul>
        </section>
    }
}

/// The plan's actions, with their progress, completing one with evidence, and adding one.
#[component]
fn Plan(person: String, plan_for: RwSignal<String>, offer: RwSignal<Offer>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = now().date();
    let who = person.clone();
    let actions = Memo::new(move |_| state.repo.with(|r| actions_of(r, &who)));
    let completing = RwSignal::new(None::<String>);
    view! {
        <section class="panel" aria-labelledby="plan-title" data-testid="plan">
            <h2 id="plan-title">"Development plan"</h2>
            <p data-testid="plan-progress">{move || actions.with(|all| {
                let refs: Vec<&DevAction> = all.iter().map(|(_, _, a)| a).collect();
                progress(&refs, today).words()
            })}</p>
            <ul class="action-list">
                {move || actions.get().into_iter().map(|(id, rev, a)| {
                    view! { <ActionRow id rev action=a completing offer /> }
                }).collect_view()}
            </ul>
            <AddAction person plan_for />
        </section>
    }
}

#[component]
fn ActionRow(
    id: String,
    rev: u64,
    action: DevAction,
    completing: RwSignal<Option<String>>,
    offer: RwSignal<Offer>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = now().date();
    let evidence = RwSignal::new(action.evidence.clone());
    let error = RwSignal::new(None::<String>);
    let late = action.due_by(today.add_days(-1));
    let open = action.status.is_open();
    let (row_id, a) = (id.clone(), action.clone());
    let set_status = move |status: ActionStatus| {
        let mut next = a.clone();
        next.status = status;
        if status == ActionStatus::Done {
            next.evidence = evidence.get_untracked().trim().to_string();
            next.done_on = Some(today);
        }
        let errs = next.problems(None);
        if let Some(e) = errs.first() {
            error.set(Some(e.message.clone()));
            focus(&format!("done-evidence-{row_id}"));
            return;
        }
        match state.save(Some((row_id.clone(), rev)), Body::DevAction(next.clone())) {
            SaveOutcome::Saved(_) | SaveOutcome::InMemoryOnly(_) => {
                completing.set(None);
                if status == ActionStatus::Done {
                    state.say("Done. Assess the skill again below to record the change.");
                    offer.set(Some((
                        next.skill.clone(),
                        next.expected_level
                            .map(|l| l.to_string())
                            .unwrap_or_default(),
                        next.evidence.clone(),
                    )));
                } else {
                    state.say(format!("Marked {}.", status.label().to_lowercase()));
                }
            }
            SaveOutcome::Conflict(_) | SaveOutcome::Missing => error.set(Some(
                "This action changed in another tab: it is shown again as saved there.".into(),
            )),
            SaveOutcome::NotAllowed => {}
        }
    };
    let set_status = StoredValue::new(set_status);
    let me = id.clone();
    let ev_id = format!("done-evidence-{id}");
    view! {
        <li class="action" class:done=!open data-testid="plan-action">
            <div class="gap-head">
                <strong>{action.title.clone()}</strong>
                <span class="tag">{action.kind.label()}</span>
                <span class="tag" data-testid="action-status">{action.status.label()}</span>
                {late.then(|| view! { <span class="tag warn">"overdue"</span> })}
            </div>
            <p class="card-meta">{format!("{} · due {}{}", skill_name(state, &action.skill), action.due.map(long_date).unwrap_or_default(), action.expected_level.map(|l| format!(" · to level {l}")).unwrap_or_default())}</p>
            {(!action.resource.is_empty()).then(|| view! { <p class="card-meta">"Resource: "{action.resource.clone()}</p> })}
            {(!action.evidence.is_empty()).then(|| view! { <p>"Evidence: "{action.evidence.clone()}{action.done_on.map(|d| format!(" ({})", short_date(d)))}</p> })}
            {open.then(|| view! {
                <div class="actions no-print">
                    {(action.status == ActionStatus::Planned).then(|| view! { <button type="button" on:click=move |_| set_status.with_value(|f| f(ActionStatus::InProgress))>"Start"</button> })}
                    <button type="button" class="primary" data-testid="complete-action" on:click=move |_| { completing.set(Some(me.clone())); }>"Complete…"</button>
                    <button type="button" on:click=move |_| set_status.with_value(|f| f(ActionStatus::Dropped))>"Drop"</button>
                </div>
            })}
            <Show when=move || completing.get().as_deref() == Some(id.as_str())>
                <div class="field" class:has-error=move || error.with(Option::is_some)>
                    <label for=ev_id.clone()>"Evidence it is done"</label>
                    <textarea id=ev_id.clone() rows="3" aria-describedby=format!("{ev_id}-error") aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                        prop:value=move || evidence.get() on:input=move |ev| evidence.set(event_target_value(&ev))></textarea>
                    <p class="field-error" id=format!("{ev_id}-error")>{move || error.get()}</p>
                    <div class="actions"><button type="button" class="primary" data-testid="mark-done" on:click=move |_| set_status.with_value(|f| f(ActionStatus::Done))>"Mark done"</button></div>
                </div>
            </Show>
        </li>
    }
}

#[component]
fn AddAction(person: String, plan_for: RwSignal<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let owner = person.clone();
    let today = now().date();
    let errors = FormErrors::new();
    let kind = RwSignal::new(ActionKind::Training.key().to_string());
    let title = RwSignal::new(String::new());
    let resource = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let expected = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut errs = vec![];
        let expected_level = match parse_level(&expected.get_untracked()) {
            Ok(l) => l,
            Err(e) => {
                errs.push(FieldError::new("expected_level", e));
                None
            }
        };
        let typed_due = due.get_untracked();
        let action = DevAction {
            person: person.clone(),
            skill: plan_for.get_untracked(),
            kind: ActionKind::from_key(&kind.get_untracked()).unwrap_or_default(),
            title: title.get_untracked().trim().to_string(),
            resource: resource.get_untracked().trim().to_string(),
            due: parse_iso(&typed_due),
            status: ActionStatus::Planned,
            expected_level,
            ..Default::default()
        };
        errs.extend(action.problems(Some(today)));
        if !typed_due.trim().is_empty() && action.due.is_none() {
            errs.retain(|e| e.field != "due");
            errs.push(FieldError::new(
                "due",
                "The due date is not a date: use the date picker or YYYY-MM-DD.",
            ));
        }
        if !errs.is_empty() {
            return errors.show("act", errs);
        }
        errors.clear();
        if let SaveOutcome::Saved(_) | SaveOutcome::InMemoryOnly(_) =
            state.save(None, Body::DevAction(action))
        {
            state.say("Action added to the plan.");
            title.set(String::new());
            resource.set(String::new());
            due.set(String::new());
        }
    };
    let kinds: Vec<(&'static str, &'static str)> = ActionKind::ALL
        .iter()
        .map(|k| (k.key(), k.label()))
        .collect();
    let options = skill_choices(state);
    view! {
        <form class="form sub-form no-print" novalidate on:submit=submit data-testid="add-action">
            <h3>"Add an action"</h3>
            <ChoiceField id="act-skill" label="For the gap in" value=plan_for options=Signal::stored(options) error=errors.of("skill") />
            <TextField id="act-title" label="Action" value=title error=errors.of("title") required=true hint="For example: Pair with Tomás on webhook tickets, two hours a week" />
            <div class="row">
                <SelectField id="act-kind" label="Kind" value=kind options=kinds error=errors.of("kind") />
                <TextField id="act-due" label="Due" kind="date" value=due error=errors.of("due") required=true />
                <TextField id="act-expected_level" label="Level it should bring (1-4)" value=expected error=errors.of("expected_level") />
            </div>
            <TextField id="act-resource" label="Resource (a link or a few words)" value=resource error=errors.of("resource") />
            <Audience scope=Scope::Person(owner.clone()) />
            <div class="actions"><button type="submit" class="primary">"Add to the plan"</button></div>
        </form>
    }
}

/// Stretch assignments: running and finished, with check-points, closing one with its outcome,
/// and adding one (its expected results checked by the SMART-R checker).
#[component]
fn Stretches(person: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let who = person.clone();
    let all = Memo::new(move |_| state.repo.with(|r| stretches(r, Some(&who))));
    let adding = RwSignal::new(false);
    view! {
        <section class="panel" aria-labelledby="stretch-title" data-testid="stretches">
            <div class="panel-head">
                <h2 id="stretch-title">"Stretch assignments"</h2>
                <button type="button" class="no-print" data-testid="add-stretch" on:click=move |_| adding.set(true)>"Add a stretch assignment"</button>
            </div>
            <Show when=move || adding.get()>
                <StretchForm person=person.clone() on_done=Callback::new(move |_| adding.set(false)) />
            </Show>
            <Show when=move || all.with(|a| a.is_empty())>
                <p class="empty">"No stretch work yet: a challenging project, cross-functional work or a leadership opportunity builds skills while it delivers."</p>
            </Show>
            <ul class="action-list">
                {move || all.get().into_iter().map(|(id, rev, s)| view! { <StretchRow id rev stretch=s /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn StretchRow(id: String, rev: u64, stretch: Stretch) -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = now().date();
    let s = stretch.clone();
    let st = s.state(today);
    let closing = RwSignal::new(false);
    let outcome = RwSignal::new(s.outcome.clone());
    let reflection = RwSignal::new(s.reflection.clone());
    let errors = FormErrors::new();
    let save = {
        let id = id.clone();
        move |next: Stretch, done: &'static str| {
            let errs = next.problems();
            if !errs.is_empty() {
                errors.show(&format!("close-{id}"), errs);
                return;
            }
            if let SaveOutcome::Saved(_) | SaveOutcome::InMemoryOnly(_) =
                state.save(Some((id.clone(), rev)), Body::Stretch(next))
            {
                state.say(done);
                closing.set(false);
            }
        }
    };
    let save = StoredValue::new(save);
    let base = s.clone();
    let finish = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut next = base.clone();
        next.outcome = outcome.get_untracked().trim().to_string();
        next.reflection = reflection.get_untracked().trim().to_string();
        next.finished = Some(today);
        save.with_value(|f| f(next, "Stretch assignment closed with its outcome."));
    };
    let skills_text = s
        .skills
        .iter()
        .map(|k| skill_name(state, k))
        .collect::<Vec<_>>()
        .join(", ");
    let ctx = Context {
        today,
        parent: None,
        same_level_count: 0,
        past_changes: &[],
    };
    let hints: Vec<String> = check(&s.as_goal(), &ctx)
        .into_iter()
        .filter(|c| c.verdict == Verdict::Hint)
        .map(|c| format!("{}: {}", c.letter.name(), c.message))
        .collect();
    let out_id = format!("close-{id}-outcome");
    let refl_id = format!("close-{id}-reflection");
    view! {
        <li class="action" data-testid="stretch">
            <div class="gap-head">
                <strong>{s.title.clone()}</strong>
                <span class="tag">{s.kind.label()}</span>
                <span class="tag" data-testid="stretch-state">{st.label()}</span>
            </div>
            <p class="card-meta">{format!("{} to {}{}", s.start.map(long_date).unwrap_or_default(), s.end.map(long_date).unwrap_or_default(), if skills_text.is_empty() { String::new() } else { format!(" · builds {skills_text}") })}</p>
            <p>"Expected: "{s.results.clone()}</p>
            {(!hints.is_empty() && st != StretchState::Finished).then(|| view! { <p class="hint">{format!("SMART-R: {}", hints.join(" · "))}</p> })}
            {(!s.support.is_empty()).then(|| view! { <p class="card-meta">"Support: "{s.support.clone()}</p> })}
            {(!s.checkpoints.is_empty()).then(|| {
                let cps = s.checkpoints.clone();
                view! {
                    <ul class="notes">
                        {cps.into_iter().enumerate().map(|(i, c)| {
                            let base = s.clone();
                            let toggle = move |_| {
                                let mut next = base.clone();
                                next.checkpoints[i].done = !next.checkpoints[i].done;
                                save.with_value(|f| f(next, "Check-point updated."));
                            };
                            view! { <li><label class="check"><input type="checkbox" prop:checked=c.done on:change=toggle disabled=st == StretchState::Finished />{format!(" Check-point {}{}", long_date(c.on), if c.note.is_empty() { String::new() } else { format!(": {}", c.note) })}</label></li> }
                        }).collect_view()}
                    </ul>
                }
            })}
            {(!s.outcome.is_empty()).then(|| view! { <p>"Outcome: "{s.outcome.clone()}</p> })}
            {(!s.reflection.is_empty()).then(|| view! { <p>"Reflection: "{s.reflection.clone()}</p> })}
            {(st != StretchState::Finished).then(|| view! {
                <button type="button" class="no-print" on:click=move |_| closing.set(true)>"Close with the outcome…"</button>
            })}
            <Show when=move || closing.get()>
                <form class="form sub-form no-print" novalidate on:submit=finish.clone()>
                    <TextArea id=out_id.clone() label="Outcome: what came of it" value=outcome error=errors.of("outcome") />
                    <TextArea id=refl_id.clone() label="Reflection: what they learned" value=reflection error=errors.of("reflection") />
                    <div class="actions"><button type="submit" class="primary">"Close the assignment"</button></div>
                </form>
            </Show>
        </li>
    }
}

#[component]
fn StretchForm(person: String, on_done: Callback<()>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let owner = person.clone();
    let today = now().date();
    let errors = FormErrors::new();
    let title = RwSignal::new(String::new());
    let kind = RwSignal::new(StretchKind::Project.key().to_string());
    let chosen = RwSignal::new(Vec::<String>::new());
    let results = RwSignal::new(String::new());
    let support = RwSignal::new(String::new());
    let start = RwSignal::new(today.to_string());
    let end = RwSignal::new(String::new());
    let points: [RwSignal<String>; 3] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let build = move || Stretch {
        person: person.clone(),
        title: title.get().trim().to_string(),
        kind: StretchKind::from_key(&kind.get()).unwrap_or_default(),
        skills: chosen.get(),
        results: results.get().trim().to_string(),
        support: support.get().trim().to_string(),
        start: parse_iso(&start.get()),
        end: parse_iso(&end.get()),
        checkpoints: points
            .iter()
            .filter_map(|p| parse_iso(&p.get()))
            .map(|on| Checkpoint {
                on,
                note: String::new(),
                done: false,
            })
            .collect(),
        ..Default::default()
    };
    let build = StoredValue::new(build);
    let smart = Memo::new(move |_| {
        let s = build.with_value(|b| b());
        if s.results.is_empty() {
            return vec![];
        }
        let ctx = Context {
            today,
            parent: None,
            same_level_count: 0,
            past_changes: &[],
        };
        check(&s.as_goal(), &ctx)
            .into_iter()
            .map(|c| (c.letter.name(), c.verdict, c.message))
            .collect::<Vec<_>>()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let s = untrack(|| build.with_value(|b| b()));
        let errs = s.problems();
        if !errs.is_empty() {
            return errors.show("stretch", errs);
        }
        errors.clear();
        if let SaveOutcome::Saved(_) | SaveOutcome::InMemoryOnly(_) =
            state.save(None, Body::Stretch(s))
        {
            state.say("Stretch assignment added.");
            on_done.run(());
        }
    };
    let kinds: Vec<(&'static str, &'static str)> = StretchKind::ALL
        .iter()
        .map(|k| (k.key(), k.label()))
        .collect();
    let skill_options: Vec<(String, String)> = state.repo.with_untracked(|r| {
        skills(r)
            .into_iter()
            .map(|(id, _, s)| (id, s.name))
            .collect()
    });
    view! {
        <form class="form sub-form no-print" novalidate on:submit=submit data-testid="stretch-form">
            <TextField id="stretch-title" label="Title" value=title error=errors.of("title") required=true hint="For example: Lead the incident review" />
            <SelectField id="stretch-kind" label="Kind" value=kind options=kinds error=errors.of("kind") />
            <TextArea id="stretch-results" label="Results expected" value=results error=errors.of("results") hint="Write it as a goal: what changes, by how much, by when." />
            <ul class="smart-mini" aria-live="polite" data-testid="stretch-smart">
                {move || smart.get().into_iter().map(|(letter, verdict, message)| view! {
                    <li class=format!("verdict-{}", verdict.key())>{format!("{letter}: {message}")}</li>
                }).collect_view()}
            </ul>
            {(!skill_options.is_empty()).then(|| view! { <CheckList id="stretch-skills" legend="Skills it builds" options=skill_options.clone() selected=chosen error=Signal::derive(|| None::<String>) /> })}
            <TextField id="stretch-support" label="Support or mentor" value=support error=errors.of("support") />
            <div class="row">
                <TextField id="stretch-start" label="Starts" kind="date" value=start error=errors.of("start") />
                <TextField id="stretch-end" label="Ends" kind="date" value=end error=errors.of("end") />
            </div>
            <fieldset id="stretch-checkpoints" tabindex="-1" aria-describedby="stretch-checkpoints-error">
                <legend>"Check-points (optional)"</legend>
                <div class="row-3">
                    {points.into_iter().enumerate().map(|(i, p)| view! { <TextField id=format!("stretch-cp-{i}") label=format!("Check-point {}", i + 1) kind="date" value=p error=Signal::derive(|| None::<String>) /> }).collect_view()}
                </div>
                <p class="field-error" id="stretch-checkpoints-error">{move || errors.of("checkpoints").get()}</p>
            </fieldset>
            <Audience scope=Scope::Person(owner.clone()) />
            <div class="actions">
                <button type="submit" class="primary">"Save stretch assignment"</button>
                <button type="button" on:click=move |_| on_done.run(())>"Cancel"</button>
            </div>
        </form>
    }
}
