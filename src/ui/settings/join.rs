//! `/join#<code>`: a team member's device joins with the invitation their manager made. The
//! code is read from the link (or pasted), checked (damaged, expired), then the device syncs
//! the team's place and the member's own: the invitation's record must be there and not used
//! yet. Only then is the device the member's; if anything fails, the device is left as it was
//! before (no sync settings, no role, no records of the team).
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::scope::{Role, Scope};
use crate::store::device::{set_sync_config, SyncConfig};
use crate::store::Body;
use crate::sync::invite::Pass;
use crate::ui::components::TextArea;
use crate::ui::router::use_navigate;
use crate::ui::state::{now, AppState, SaveOutcome};

/// How this browser describes itself, for the manager's list of devices.
fn device_label() -> String {
    let agent = leptos::prelude::window()
        .navigator()
        .user_agent()
        .unwrap_or_default();
    let browser = ["Firefox", "Edg", "Chrome", "Chromium", "Safari"]
        .into_iter()
        .find(|b| agent.contains(b))
        .map(|b| if b == "Edg" { "Edge" } else { b })
        .unwrap_or("A browser");
    let system = ["Android", "iPhone", "iPad", "Windows", "Mac OS", "Linux"]
        .into_iter()
        .find(|s| agent.contains(s))
        .map(|s| if s == "Mac OS" { "macOS" } else { s });
    match system {
        Some(s) => format!("{browser} on {s}"),
        None => browser.to_string(),
    }
}

/// Undoes a join that did not complete: this device is as it was before it (its records were
/// erased only after the user agreed, and the team's records that arrived go too).
fn undo(state: AppState) {
    state.repo.update(|r| r.erase_all());
    state.set_role(Role::Manager);
    set_sync_config(None);
    state.me.set(None);
    state.sync.update(|s| *s = Default::default());
}

#[component]
pub fn JoinPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let navigate = use_navigate();
    let location = leptos::prelude::window().location();
    let from_link = location.hash().unwrap_or_default();
    // The code is a secret: out of the address bar (and the history) at once.
    if !from_link.is_empty() {
        if let Ok(h) = leptos::prelude::window().history() {
            let _ = h.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("{}/join", crate::ui::browser::base_path())),
            );
        }
    }
    let pasted = RwSignal::new(from_link.trim_start_matches('#').to_string());
    let pass = Memo::new(move |_| {
        let text = pasted.get();
        if text.trim().is_empty() {
            None
        } else {
            Some(Pass::read(&text, now()))
        }
    });
    let holds = state.repo.with_untracked(|r| r.all().count());
    let member = state.role() != Role::Manager;
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let join = move |_| {
        let Some(Ok(pass)) = pass.get_untracked() else {
            return;
        };
        busy.set(true);
        failed.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            state.repo.update(|r| r.erase_all());
            let config = SyncConfig {
                url: pass.url.clone(),
                token: pass.token.clone(),
                couch: pass.couch,
                passphrase: String::new(),
                key: pass.key.clone(),
                auto: true,
            };
            let stored =
                set_sync_config(Some(&config)) && state.set_role(Role::Member(pass.person.clone()));
            let outcome = if !stored {
                Err(
                    "This browser's storage refused the settings: free some space and try again."
                        .to_string(),
                )
            } else {
                state.sync.update(|s| s.configured = true);
                match crate::ui::syncing::run_next(state).await {
                    Err(why) => Err(format!(
                        "Could not reach the team's places: {}",
                        why.replace(
                            "Check the token in Settings → Sync.",
                            "Ask your manager to check the token in the invitation."
                        )
                    )),
                    Ok(()) => mark_used(state, &pass).await,
                }
            };
            busy.set(false);
            match outcome {
                Ok(()) => {
                    state.me.set(Some(pass.person.clone()));
                    state.say(format!(
                        "Welcome, {}: this device now holds the team's records and yours.",
                        crate::ui::lookup::first_name(&pass.name)
                    ));
                    navigate("/me");
                }
                Err(why) => {
                    undo(state);
                    failed.set(Some(why));
                }
            }
        });
    };
    view! {
        <article class="join" data-testid="join">
            <header class="page-head">
                <div>
                    <h1>"Join your team"</h1>
                    <p class="sub">"Your manager's invitation makes this device yours in the team's Trellis: it syncs the team's goals, charter and wins, and your own goals, 1:1s, self-reports and feedback. Nobody else's."</p>
                </div>
            </header>
            <section class="panel">
                {member.then(|| view! { <p class="inline-warning" role="alert">"This device has already joined a team. To join again, erase its data in Settings first."</p> })}
                <TextArea id="join-code" label="Invitation link or code" value=pasted error=Signal::derive(move || pass.get().and_then(Result::err)) hint="Opened from the link, it is filled in; or paste what your manager sent." />
                {move || pass.get().and_then(Result::ok).map(|p| view! {
                    <p data-testid="join-who">{format!("For {} in {}, until {}.", p.name, if p.team.is_empty() { "the team".to_string() } else { p.team.clone() }, crate::domain::dates::long_date(p.expires.date()))}</p>
                })}
                {(holds > 0).then(|| view! {
                    <p class="inline-warning" data-testid="join-erases">{format!("This browser already holds {holds} Trellis record(s). Joining erases them first: export a copy in Settings if you may need it.")}</p>
                })}
                {move || failed.get().map(|why| view! { <p class="inline-warning" role="alert" data-testid="join-error">{why}</p> })}
                <div class="actions">
                    <button type="button" class="primary" data-testid="join-button"
                        prop:disabled=move || member || busy.get() || !matches!(pass.get(), Some(Ok(_)))
                        on:click=join>{move || match (busy.get(), holds > 0) {
                            (true, _) => "Joining…",
                            (false, true) => "Erase this browser's data and join",
                            (false, false) => "Join",
                        }}</button>
                </div>
            </section>
        </article>
    }
}

/// Marks the invitation used (it arrived with the member's place), and sends that back; Err if
/// it is not there, was used, or expired.
async fn mark_used(state: AppState, pass: &Pass) -> Result<(), String> {
    let found = state.repo.with_untracked(|r| {
        r.get(&pass.invitation).and_then(|rec| match &rec.body {
            Body::Invitation(i) if i.person == pass.person => Some((rec.rev, i.clone())),
            _ => None,
        })
    });
    let Some((rev, mut invitation)) = found else {
        return Err("This invitation is not on the team's server (yet): ask your manager to sync, then open the link again.".into());
    };
    invitation.join(now(), &device_label())?;
    let seq = match state.save(
        Some((pass.invitation.clone(), rev)),
        Body::Invitation(invitation),
    ) {
        SaveOutcome::Saved(r) | SaveOutcome::InMemoryOnly(r) => r.seq,
        _ => return Err("The invitation changed meanwhile: open the link again.".into()),
    };
    match crate::ui::syncing::run_next(state).await {
        Ok(()) => Ok(()),
        // The member's place has it as used (another place failed): joined, or a second try
        // would find the invitation used. The status line says what failed.
        Err(_)
            if state.repo.with_untracked(|r| {
                r.sync_mark(&Scope::Person(pass.person.clone()))
                    .is_some_and(|m| m.seq >= seq)
            }) =>
        {
            Ok(())
        }
        Err(why) => Err(format!(
            "Could not tell the server this invitation is used: {why}"
        )),
    }
}
