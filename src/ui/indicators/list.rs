//! The indicators page: every indicator by perspective with its latest status and trend, the
//! warnings about missing links, and the form that adds or edits one.
use leptos::prelude::*;
use leptos_router::components::A;

use super::{
    health_badge, indicators, last_values, trend_words, with_readings, IndTabs, Sparkline,
};
use crate::domain::indicators::links::link_warnings;
use crate::domain::indicators::scorecard::Entry;
use crate::domain::indicators::{
    parse_number, Direction, Indicator, IndicatorKind, Period, Perspective,
};
use crate::domain::scope::Scope;
use crate::domain::FieldError;
use crate::store::Body;
use crate::ui::components::{Audience, CheckList, ChoiceField, FormErrors, SelectField, TextField};
use crate::ui::href;
use crate::ui::lookup::{people_choices, person_name};
use crate::ui::state::{AppState, SaveOutcome};

#[component]
pub fn IndicatorsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let all = Memo::new(move |_| state.repo.with(with_readings));
    let adding = RwSignal::new(false);
    let manager = crate::ui::lookup::as_manager(state);
    let warnings = Memo::new(move |_| {
        all.with(|a| {
            let set: Vec<(&str, &Indicator)> =
                a.iter().map(|(id, _, i, _)| (id.as_str(), i)).collect();
            link_warnings(&set)
        })
    });
    view! {
        <article class="indicators" data-testid="indicators-page">
            <header class="page-head">
                <div>
                    <IndTabs />
                    <h1>"Indicators"</h1>
                    <p class="sub">"Leading indicators are the activities that predict results; lagging indicators are the results. Link each activity to the result it should move, and your own readings will show which ones do."</p>
                </div>
                {manager.then(|| view! { <button type="button" class="primary" data-testid="add-indicator" on:click=move |_| adding.set(true)>"Add an indicator"</button> })}
            </header>
            {move || adding.get().then(|| view! { <IndicatorForm existing=None on_done=Callback::new(move |_| adding.set(false)) /> })}
            <Show when=move || !warnings.with(Vec::is_empty)>
                <section class="panel warnings" aria-labelledby="ind-warn-title" data-testid="link-warnings">
                    <h2 id="ind-warn-title">"Links to look at"</h2>
                    <ul>{move || warnings.get().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                </section>
            </Show>
            <Show when=move || all.with(Vec::is_empty)>
                <p class="empty">"No indicators yet. Start with one result the team answers for, then the activity that predicts it."</p>
            </Show>
            {move || Perspective::ALL.into_iter().map(|p| {
                let here: Vec<_> = all.get().into_iter().filter(|(_, _, i, _)| i.perspective == p).collect();
                (!here.is_empty()).then(|| view! {
                    <section class="panel" aria-label=p.label()>
                        <h2>{p.label()}</h2>
                        <ul class="indicator-list">
                            {here.into_iter().map(|(id, _, ind, rs)| {
                                let e = Entry { id: &id, indicator: &ind, readings: &rs };
                                let (class, word) = health_badge(e.health());
                                let words = e.reading_words();
                                let values = last_values(&rs, 12);
                                let label = trend_words(&ind, &values);
                                let owner = (!ind.owner.is_empty()).then(|| person_name(state, &ind.owner));
                                view! {
                                    <li data-testid="indicator">
                                        <div>
                                            <A href=href(&format!("/indicators/{id}"))>{ind.name.clone()}</A>
                                            <span class="tag">{ind.kind.short()}</span>
                                            {owner.map(|o| view! { <span class="tag">{o}</span> })}
                                            <p class="hint" data-testid="indicator-status"><span class=class>{word}</span>" "{words}</p>
                                        </div>
                                        {(!values.is_empty()).then(|| view! { <Sparkline values label /> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                })
            }).collect_view()}
        </article>
    }
}

fn opt(v: Option<f64>) -> String {
    v.map(crate::domain::indicators::number).unwrap_or_default()
}

/// Reads an optional number field: Ok(None) when empty, Err when it is not a number.
fn optional_number(text: &str, field: &'static str) -> Result<Option<f64>, FieldError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse_number(text)
        .map(Some)
        .ok_or_else(|| FieldError::new(field, "Must be a number, like 42 or 3.5."))
}

/// Adds an indicator (`existing` None) or edits one.
#[component]
pub fn IndicatorForm(
    existing: Option<(String, u64, Indicator)>,
    on_done: Callback<()>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let errors = FormErrors::new();
    let start = existing
        .as_ref()
        .map(|(_, _, i)| i.clone())
        .unwrap_or_default();
    let own_id = existing
        .as_ref()
        .map(|(id, _, _)| id.clone())
        .unwrap_or_default();
    let name = RwSignal::new(start.name.clone());
    let unit = RwSignal::new(start.unit.clone());
    let kind = RwSignal::new(
        match start.kind {
            IndicatorKind::Leading => "leading",
            IndicatorKind::Lagging => "lagging",
        }
        .to_string(),
    );
    let perspective = RwSignal::new(start.perspective.key().to_string());
    let owner = RwSignal::new(start.owner.clone());
    let direction = RwSignal::new(
        match start.direction {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
            Direction::Near => "near",
        }
        .to_string(),
    );
    let target = RwSignal::new(opt(start.target));
    let tolerance = RwSignal::new(opt(start.tolerance));
    let healthy_at = RwSignal::new(opt(start.healthy_at));
    let watch_at = RwSignal::new(opt(start.watch_at));
    let period = RwSignal::new(
        if start.period == Period::Monthly {
            "monthly"
        } else {
            "weekly"
        }
        .to_string(),
    );
    let drives = RwSignal::new(start.drives.clone());
    let others: Vec<(String, String)> = state.repo.with_untracked(|r| {
        indicators(r)
            .into_iter()
            .filter(|(id, _, _)| *id != own_id)
            .map(|(id, _, i)| (id, format!("{} ({})", i.name, i.perspective.label())))
            .collect()
    });
    let mut owners = vec![(String::new(), "The team".to_string())];
    owners.extend(people_choices(state));
    let target_rec = existing.map(|(id, rev, _)| (id, rev));
    let scope = Signal::derive(move || Scope::of_person(&owner.get()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let numbers = (
            optional_number(&target.get_untracked(), "target"),
            optional_number(&tolerance.get_untracked(), "tolerance"),
            optional_number(&healthy_at.get_untracked(), "healthy_at"),
            optional_number(&watch_at.get_untracked(), "watch_at"),
        );
        let (t, tol, h, w) = match numbers {
            (Ok(t), Ok(tol), Ok(h), Ok(w)) => (t, tol, h, w),
            (a, b, c, d) => {
                let errs = [a, b, c, d].into_iter().filter_map(Result::err).collect();
                return errors.show("ind", errs);
            }
        };
        let ind = Indicator {
            name: name.get_untracked().trim().to_string(),
            unit: unit.get_untracked().trim().to_string(),
            kind: if kind.get_untracked() == "lagging" {
                IndicatorKind::Lagging
            } else {
                IndicatorKind::Leading
            },
            perspective: Perspective::from_key(&perspective.get_untracked()),
            owner: owner.get_untracked(),
            direction: match direction.get_untracked().as_str() {
                "lower" => Direction::Lower,
                "near" => Direction::Near,
                _ => Direction::Higher,
            },
            target: t,
            tolerance: tol,
            healthy_at: h,
            watch_at: w,
            period: if period.get_untracked() == "monthly" {
                Period::Monthly
            } else {
                Period::Weekly
            },
            drives: drives.get_untracked(),
        };
        let errs = ind.problems();
        if !errs.is_empty() {
            return errors.show("ind", errs);
        }
        match state.save(target_rec.clone(), Body::Indicator(ind)) {
            SaveOutcome::Conflict(_) | SaveOutcome::Missing => errors.show(
                "ind",
                vec![FieldError::new("name", "This indicator changed in another tab: open it again to edit the newest version.")],
            ),
            SaveOutcome::NotAllowed => {}
            _ => {
                errors.clear();
                state.say("Indicator saved.");
                on_done.run(());
            }
        }
    };
    let kinds = vec![
        ("leading", IndicatorKind::Leading.label()),
        ("lagging", IndicatorKind::Lagging.label()),
    ];
    let perspectives: Vec<(&'static str, &'static str)> = Perspective::ALL
        .iter()
        .map(|p| (p.key(), p.label()))
        .collect();
    let directions = vec![
        ("higher", Direction::Higher.label()),
        ("lower", Direction::Lower.label()),
        ("near", Direction::Near.label()),
    ];
    let periods = vec![("weekly", "Weekly"), ("monthly", "Monthly")];
    let has_others = !others.is_empty();
    view! {
        <form class="form panel" novalidate on:submit=submit data-testid="indicator-form">
            <div class="row">
                <TextField id="ind-name" label="Indicator" value=name error=errors.of("name") required=true hint="For example: Health-check calls" />
                <TextField id="ind-unit" label="Unit" value=unit error=errors.of("unit") hint="calls, %, days, hours" />
            </div>
            <div class="row">
                <SelectField id="ind-kind" label="Leading or lagging" value=kind options=kinds error=errors.of("kind") />
                <SelectField id="ind-perspective" label="Perspective" value=perspective options=perspectives error=errors.of("perspective") />
            </div>
            <div class="row">
                <ChoiceField id="ind-owner" label="Owner" value=owner options=Signal::stored(owners) />
                <SelectField id="ind-period" label="Readings" value=period options=periods error=errors.of("period") />
            </div>
            <div class="row">
                <SelectField id="ind-direction" label="Direction" value=direction options=directions error=errors.of("direction") />
                <TextField id="ind-target" label="Target per period" value=target error=errors.of("target") required=true kind="text" />
            </div>
            <Show when=move || direction.with(|d| d == "near")>
                <TextField id="ind-tolerance" label="Tolerance either side" value=tolerance error=errors.of("tolerance") hint="How far from the target is still healthy." />
            </Show>
            <div class="row">
                <TextField id="ind-healthy_at" label="Healthy from (optional)" value=healthy_at error=errors.of("healthy_at") hint="Empty: 90 % of the target (for near a target: the tolerance)." />
                <TextField id="ind-watch_at" label="Watch from (optional)" value=watch_at error=errors.of("watch_at") hint="Empty: 70 % of the target (near: twice the tolerance). Below it: unhealthy." />
            </div>
            {has_others.then(|| view! {
                <CheckList id="ind-drives" legend="It drives (the results it should move)" options=others selected=drives error=errors.of("drives") />
            })}
            <Audience scope />
            <div class="actions">
                <button type="submit" class="primary">"Save indicator"</button>
                <button type="button" on:click=move |_| on_done.run(())>"Cancel"</button>
            </div>
        </form>
    }
}

