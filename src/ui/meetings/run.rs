//! What the check-in and review screens share: a ticking clock, the timer bar (pause, resume,
//! sections, extend), saving every change within a second, and keeping the screen awake.
use leptos::prelude::*;

use crate::domain::timer::{clock_text, MeetingTimer, Pace, Plan};
use crate::store::Body;
use crate::ui::components::editor::{Editable, Editor};
use crate::ui::people::NotFound;
use crate::ui::state::{now, AppState};

/// The wall clock in milliseconds, updated every second while the component lives.
pub fn use_clock() -> RwSignal<i64> {
    let clock = RwSignal::new(now().millis());
    if let Ok(handle) = set_interval_with_handle(
        move || clock.set(now().millis()),
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    clock
}

/// Keeps the screen on while `running`, asking again whenever the tab is shown.
pub fn keep_awake_while(running: Signal<bool>) {
    use crate::ui::browser::{keep_awake, page_visible};
    Effect::new(move |_| keep_awake(running.get() && page_visible()));
    let listener = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if running.get_untracked() && page_visible() {
            keep_awake(true);
        }
    });
    on_cleanup(move || {
        listener.remove();
        keep_awake(false);
    });
}

/// Saves `value` through `editor` whenever it changes, so nothing typed waits in memory: a
/// reload, a crash or a link followed mid-sentence loses nothing. (A check-in is a few KB; the
/// browser writes that in well under a millisecond.) Returns "save now" for the steps that change
/// the record outside `value`'s own updates.
pub fn autosave<T: Editable + PartialEq>(
    state: AppState,
    editor: Editor<T>,
    value: RwSignal<T>,
) -> impl Fn() + Copy + 'static {
    let saved = StoredValue::new(value.get_untracked());
    let save_now = move || {
        let Some(v) = value.try_get_untracked() else {
            return;
        };
        // An update that changed nothing (or a conflict still open) writes nothing.
        if saved.with_value(|s| *s != v) && editor.conflict.with_untracked(Option::is_none) {
            saved.set_value(v.clone());
            editor.save(state, v);
        }
    };
    Effect::new(move |_| {
        value.track();
        save_now();
    });
    save_now
}

/// An optional field's value: None when left empty, the parsed value, or `message` at `field`.
pub fn optional<T>(
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
    field: &'static str,
    message: &str,
) -> Result<Option<T>, crate::domain::FieldError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    parse(t)
        .map(Some)
        .ok_or_else(|| crate::domain::FieldError::new(field, message))
}

/// For fields that never show an error of their own.
pub fn no_error() -> Signal<Option<String>> {
    Signal::derive(|| None)
}

fn pace_text(pace: Pace) -> String {
    match pace {
        Pace::Under => String::new(),
        Pace::Within => "within the time".into(),
        Pace::Over(ms) => format!(
            "{} over: fine if it matters; wrap up when you can",
            clock_text(ms)
        ),
    }
}

/// The meeting's clocks and controls. `set` receives the changed timer.
#[component]
pub fn TimerBar(
    timer: Signal<MeetingTimer>,
    plan: &'static Plan,
    titles: [&'static str; 3],
    clock: RwSignal<i64>,
    set: Callback<MeetingTimer>,
) -> impl IntoView {
    let change = move |f: &dyn Fn(&mut MeetingTimer, i64)| {
        let mut t = timer.get_untracked();
        let at = now().millis();
        f(&mut t, at);
        clock.set(at);
        set.run(t);
    };
    let section = move || timer.with(|t| t.section);
    let total = move || {
        let t = timer.get();
        let at = clock.get();
        let extra: i64 = t.extra.iter().sum();
        format!(
            "{} of {}-{} min{}",
            clock_text(t.total(at)),
            plan.total.0 + extra,
            plan.total.1 + extra,
            match t.total_pace(plan, at) {
                Pace::Over(ms) => format!(" · {} over", clock_text(ms)),
                _ => String::new(),
            }
        )
    };
    let tab = move |i: usize| {
        let label = move || {
            let t = timer.get();
            format!(
                "{}. {} {}",
                i + 1,
                titles[i],
                clock_text(t.elapsed(i, clock.get()))
            )
        };
        view! {
            <button type="button" class="tab" data-testid=format!("section-{}", i + 1)
                aria-current=move || (section() == i).then_some("step")
                on:click=move |_| change(&|t, at| t.go_to(i, at))>{label}</button>
        }
    };
    view! {
        <div class="timer-bar" role="group" aria-label="Meeting clock">
            <p class="total-clock" aria-live="off" data-testid="total-clock">
                <span class="label">"Total "</span>{total}
            </p>
            <button type="button" class="primary" data-testid="pause"
                on:click=move |_| change(&|t, at| if t.running() { t.pause(at) } else { t.resume(at) })>
                {move || if timer.with(MeetingTimer::running) { "Pause" } else { "Resume" }}
            </button>
        </div>
        <nav class="tabs" aria-label="Sections">{tab(0)}{tab(1)}{tab(2)}</nav>
        <div class="section-clock" data-testid="section-clock">
            <span class="big-clock">{move || clock_text(timer.get().elapsed(section(), clock.get()))}</span>
            <span>{move || {
                let (least, most) = timer.get().target(plan, section());
                format!("target {least}-{most} min")
            }}</span>
            <span class="pace" class:over=move || matches!(timer.get().section_pace(plan, section(), clock.get()), Pace::Over(_))>
                {move || pace_text(timer.get().section_pace(plan, section(), clock.get()))}
            </span>
            <button type="button" on:click=move |_| change(&|t, _| t.extend(5))>"+5 min"</button>
            <Show when=move || { section() < 2 }>
                <button type="button" data-testid="next-section" on:click=move |_| change(&|t, at| t.next(at))>"Next section"</button>
            </Show>
        </div>
    }
}

/// A meeting's page: "Loading…" until the store has read everything, then `page` with the record
/// `id` (id, revision, body), drawn again when `version` changes; "No such …" when there is none.
pub fn meeting_page(
    id: String,
    what: &'static str,
    version: RwSignal<u32>,
    page: impl Fn(String, u64, Body) -> Option<AnyView> + Send + Sync + 'static,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let loaded = Memo::new(move |_| state.repo.with(|r| r.is_loaded()));
    move || {
        version.track();
        if !loaded.get() {
            return view! { <p class="empty">{format!("Loading {what}…")}</p> }.into_any();
        }
        let found = state
            .repo
            .with_untracked(|r| r.get(&id).map(|rec| (rec.rev, rec.body.clone())));
        found
            .and_then(|(rev, body)| page(id.clone(), rev, body))
            .unwrap_or_else(|| view! { <NotFound what=what /> }.into_any())
    }
}

/// The script prompt of a section, to read out or paraphrase.
#[component]
pub fn Script(#[prop(into)] text: Signal<String>) -> impl IntoView {
    view! {
        <blockquote class="script" data-testid="script"><span class="label">"Script: "</span>{text}</blockquote>
    }
}
