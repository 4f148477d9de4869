//! The authority and accountability matrix: "who decides?" for an area and an amount, the grid
//! of decision areas by people, spending limits, escalation rules, and a printable grid.
use leptos::prelude::*;

use super::TeamTabs;
use crate::domain::authority::{
    parse_limit, Authority, AuthorityMatrix, DecisionArea, EscalationRule, MANAGER,
};
use crate::domain::FieldError;
use crate::store::Body;
use crate::ui::components::editor::save_change;
use crate::ui::components::{ChoiceField, FormErrors, TableScroll, TextField};
use crate::ui::lookup::{people_choices, person_name};
use crate::ui::state::AppState;

/// The team's matrix record: (id, revision, matrix).
fn matrix_record(state: AppState) -> Option<(String, u64, AuthorityMatrix)> {
    state.repo.with(|r| {
        r.live().find_map(|rec| match &rec.body {
            Body::Authority(m) => Some((rec.id.clone(), rec.rev, m.clone())),
            _ => None,
        })
    })
}

/// Applies `change` to the newest matrix and saves it (the first change creates it). If another
/// tab saved meanwhile, the change is applied on top of that version.
fn change_matrix(state: AppState, change: impl Fn(&mut AuthorityMatrix)) {
    match untrack(|| matrix_record(state)) {
        Some((id, rev, m)) => save_change(state, Some((id, rev)), m, change),
        None => save_change(state, None, AuthorityMatrix::default(), change),
    }
}

fn who(state: AppState, id: &str) -> String {
    if id == MANAGER {
        "The manager".into()
    } else {
        person_name(state, id)
    }
}

#[component]
pub fn AuthorityPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let matrix = Memo::new(move |_| matrix_record(state).map(|(_, _, m)| m).unwrap_or_default());
    let people = people_choices(state);
    view! {
        <article class="authority" data-testid="authority">
            <header class="page-head">
                <div>
                    <TeamTabs />
                    <h1>"Who decides"</h1>
                    <p class="sub">"Decision areas by people: who decides, who decides and informs, who recommends, who escalates; spending limits and escalation rules."</p>
                </div>
                <button type="button" on:click=move |_| { let _ = window().print(); }>"Print"</button>
            </header>
            <Lookup matrix />
            <Grid matrix people=people.clone() />
            <div class="no-print">
                <AddArea matrix />
                <Limits matrix people=people.clone() />
                <Rules matrix people />
            </div>
        </article>
    }
}

/// "Who decides?" for an area and an amount.
#[component]
fn Lookup(matrix: Memo<AuthorityMatrix>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let area = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let answer = RwSignal::new(None::<String>);
    let areas = Signal::derive(move || {
        let mut o = vec![(String::new(), "Choose an area".to_string())];
        matrix.with(|m| o.extend(m.areas.iter().map(|a| (a.name.clone(), a.name.clone()))));
        o
    });
    let ask = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut errs = vec![];
        if area.get_untracked().is_empty() {
            errs.push(FieldError::new("area", "Choose the decision area."));
        }
        let typed = amount.get_untracked();
        let money = if typed.trim().is_empty() {
            None
        } else {
            match parse_limit(&typed) {
                Ok(n) => Some(n),
                Err(_) => {
                    errs.push(FieldError::new(
                        "amount",
                        "Enter the amount as a whole number, e.g. 2500, or leave it empty.",
                    ));
                    None
                }
            }
        };
        if !errs.is_empty() {
            answer.set(None);
            return errors.show("ask", errs);
        }
        errors.clear();
        let text = matrix.with_untracked(|m| {
            m.who_decides(&area.get_untracked(), money)
                .text(&|p| person_name(state, p))
        });
        answer.set(Some(text));
    };
    view! {
        <section class="panel no-print" aria-labelledby="lookup-title" data-testid="lookup">
            <h2 id="lookup-title">"Who decides?"</h2>
            <form class="inline-form" novalidate on:submit=ask>
                <ChoiceField id="ask-area" label="Decision area" value=area options=areas error=errors.of("area") />
                <TextField id="ask-amount" label="Amount (optional)" value=amount error=errors.of("amount") />
                <button type="submit" class="primary">"Ask"</button>
            </form>
            <p class="answer" role="status" data-testid="answer">{move || answer.get()}</p>
        </section>
    }
}

/// The grid: one row per decision area, one column per person.
#[component]
fn Grid(matrix: Memo<AuthorityMatrix>, people: Vec<(String, String)>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let heads = people.clone();
    view! {
        <section class="panel" aria-labelledby="grid-title" data-testid="grid">
            <h2 id="grid-title">"Decision areas"</h2>
            {move || if matrix.with(|m| m.areas.is_empty()) {
                view! { <p class="empty">"No decision areas yet: add the first below."</p> }.into_any()
            } else {
                let (people, heads) = (people.clone(), heads.clone());
                view! {
                    <TableScroll label="Who decides, by area">
                        <table class="matrix">
                            <thead><tr>
                                <th scope="col">"Area"</th>
                                {heads.iter().map(|(_, name)| view! { <th scope="col">{name.clone()}</th> }).collect_view()}
                                <th scope="col">"Expectations"</th>
                            </tr></thead>
                            <tbody>
                                {matrix.get().areas.into_iter().enumerate().map(|(i, a)| {
                                    let cells = people.iter().enumerate().map(|(j, (pid, pname))| {
                                        let id = format!("cell-{i}-{j}");
                                        let current = a.authority_of(pid).map_or("", |x| x.key());
                                        let (pid, area) = (pid.clone(), a.name.clone());
                                        let set = move |ev: leptos::ev::Event| {
                                            let value = Authority::from_key(&event_target_value(&ev));
                                            change_matrix(state, |m| {
                                                if let Some(x) = m.areas.iter_mut().find(|x| x.name == area) {
                                                    x.cells.retain(|(p, _)| *p != pid);
                                                    if let Some(v) = value {
                                                        x.cells.push((pid.clone(), v));
                                                    }
                                                }
                                            });
                                        };
                                        view! {
                                            <td>
                                                <label class="visually-hidden" for=id.clone()>{format!("{pname}, {}", a.name)}</label>
                                                <select id=id on:change=set>
                                                    <option value="" selected=current.is_empty()>"—"</option>
                                                    {Authority::ALL.map(|x| view! { <option value=x.key() selected=current == x.key()>{x.label()}</option> }).collect_view()}
                                                </select>
                                                <span class="print-only">{Authority::from_key(current).map_or("—", |x| x.label())}</span>
                                            </td>
                                        }
                                    }).collect_view();
                                    let name = a.name.clone();
                                    view! {
                                        <tr>
                                            <th scope="row">{a.name.clone()}</th>
                                            {cells}
                                            <td class="expect">
                                                {(!a.quality.is_empty()).then(|| view! { <p>"Quality: "{a.quality.clone()}</p> })}
                                                {(!a.timeline.is_empty()).then(|| view! { <p>"Timeline: "{a.timeline.clone()}</p> })}
                                                <button type="button" class="link no-print" on:click=move |_| change_matrix(state, |m| m.areas.retain(|x| x.name != name))>"Remove area"</button>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </TableScroll>
                }.into_any()
            }}
            <p class="hint">"Decide: they decide alone. Decide and inform: they decide and tell the manager after. Recommend: they propose, someone else decides. Escalate: it goes up, by the rules below."</p>
        </section>
    }
}

#[component]
fn AddArea(matrix: Memo<AuthorityMatrix>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = RwSignal::new(String::new());
    let quality = RwSignal::new(String::new());
    let timeline = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let area = DecisionArea {
            name: name.get_untracked().trim().to_string(),
            cells: vec![],
            quality: quality.get_untracked().trim().to_string(),
            timeline: timeline.get_untracked().trim().to_string(),
        };
        let errs = matrix.with_untracked(|m| m.area_problems(&area));
        if !errs.is_empty() {
            return errors.show("area", errs);
        }
        errors.clear();
        change_matrix(state, |m| m.areas.push(area.clone()));
        for s in [name, quality, timeline] {
            s.set(String::new());
        }
    };
    view! {
        <section class="panel" aria-labelledby="add-area-title">
            <h2 id="add-area-title">"Add a decision area"</h2>
            <form class="form" novalidate on:submit=add>
                <TextField id="area-area_name" label="Name of the area" value=name error=errors.of("area_name") hint="e.g. “Customer refunds and credits”" />
                <TextField id="area-quality" label="Quality expectation (optional)" value=quality error=errors.of("quality") />
                <TextField id="area-timeline" label="Timeline expectation (optional)" value=timeline error=errors.of("timeline") />
                <div class="actions"><button type="submit">"Add area"</button></div>
            </form>
        </section>
    }
}

#[component]
fn Limits(matrix: Memo<AuthorityMatrix>, people: Vec<(String, String)>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let person = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let mut options = vec![(String::new(), "Choose a person".to_string())];
    options.extend(people);
    let set = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut errs = vec![];
        let p = person.get_untracked();
        if p.is_empty() {
            errs.push(FieldError::new("person", "Choose whose limit it is."));
        }
        let limit = parse_limit(&amount.get_untracked());
        if let Err(e) = &limit {
            errs.push(e.clone());
        }
        if !errs.is_empty() {
            return errors.show("limit", errs);
        }
        errors.clear();
        let limit = limit.expect("checked");
        change_matrix(state, |m| {
            m.limits.retain(|(x, _)| *x != p);
            m.limits.push((p.clone(), limit));
        });
        amount.set(String::new());
    };
    view! {
        <section class="panel" aria-labelledby="limits-title" data-testid="limits">
            <h2 id="limits-title">"Spending limits"</h2>
            <p class="hint">"The most someone may commit in one decision. Without a limit, they may decide but not spend."</p>
            <ul class="due-list">
                {move || matrix.get().limits.into_iter().map(|(p, l)| {
                    let gone = p.clone();
                    view! {
                        <li class="due-row">
                            <span>{person_name(state, &p)}</span>
                            <span class="due-when">{format!("up to {l}")}</span>
                            <button type="button" on:click=move |_| change_matrix(state, |m| m.limits.retain(|(x, _)| *x != gone))>"Remove"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="inline-form" novalidate on:submit=set>
                <ChoiceField id="limit-person" label="Person" value=person options=Signal::stored(options) error=errors.of("person") />
                <TextField id="limit-limit" label="Limit per decision" value=amount error=errors.of("limit") />
                <button type="submit">"Set limit"</button>
            </form>
        </section>
    }
}

#[component]
fn Rules(matrix: Memo<AuthorityMatrix>, people: Vec<(String, String)>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let area = RwSignal::new(String::new());
    let trigger = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let hours = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let areas = Signal::derive(move || {
        let mut o = vec![(String::new(), "Any area".to_string())];
        matrix.with(|m| o.extend(m.areas.iter().map(|a| (a.name.clone(), a.name.clone()))));
        o
    });
    let mut targets = vec![
        (String::new(), "Choose who".to_string()),
        (MANAGER.to_string(), "The manager".to_string()),
    ];
    targets.extend(people);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let within = hours.get_untracked().trim().parse::<u32>().unwrap_or(0);
        let rule = EscalationRule {
            area: area.get_untracked(),
            trigger: trigger.get_untracked().trim().to_string(),
            to: to.get_untracked(),
            within_hours: within,
        };
        let errs = matrix.with_untracked(|m| m.rule_problems(&rule));
        if !errs.is_empty() {
            return errors.show("rule", errs);
        }
        errors.clear();
        change_matrix(state, |m| m.rules.push(rule.clone()));
        trigger.set(String::new());
        hours.set(String::new());
    };
    view! {
        <section class="panel" aria-labelledby="rules-title" data-testid="rules">
            <h2 id="rules-title">"Escalation rules"</h2>
            <ul class="notes">
                {move || matrix.get().rules.into_iter().enumerate().map(|(i, r)| view! {
                    <li>
                        {format!("{}: {} → {} within {} h", if r.area.is_empty() { "Any area".to_string() } else { r.area.clone() }, r.trigger, who(state, &r.to), r.within_hours)}
                        " "
                        <button type="button" class="link" on:click=move |_| change_matrix(state, |m| { if i < m.rules.len() { m.rules.remove(i); } })>"Remove"</button>
                    </li>
                }).collect_view()}
            </ul>
            <form class="form" novalidate on:submit=add>
                <ChoiceField id="rule-rule_area" label="Area" value=area options=areas error=errors.of("rule_area") />
                <TextField id="rule-trigger" label="What triggers it" value=trigger error=errors.of("trigger") hint="e.g. “A refund above your limit”" />
                <ChoiceField id="rule-to" label="Goes to" value=to options=Signal::stored(targets) error=errors.of("to") />
                <TextField id="rule-within_hours" label="Within (hours)" value=hours error=errors.of("within_hours") />
                <div class="actions"><button type="submit">"Add rule"</button></div>
            </form>
        </section>
    }
}
