//! RPC_SAME_HTTP

use crate::model::options::HttpBinding;
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "RPC_SAME_HTTP",
    summary: "A method's `(google.api.http)` verb, path or body changed, or the binding was \
              removed.",
    what: "For every method present in both versions (by service full name and method name) \
           whose OLD version has `option (google.api.http)`, the NEW version must keep the \
           main binding's verb, path template and body, and every OLD `additional_bindings` \
           entry. New additional bindings are fine.",
    why: "REST clients and gateways (grpc-gateway, Envoy's transcoder, Google's ESP) call the \
          method by verb and path: after a change, every existing HTTP call gets `404` or \
          `405`, or its body is read into another field.",
    fix: "Keep the old binding and add the new path under `additional_bindings`; remove the \
          old one only in a new API version.",
    example: Example {
        old: "rpc Get(GetRequest) returns (Meeting) {\n  option (google.api.http) = { get: \"/v1/{name=meetings/*}\" };\n}",
        new: "rpc Get(GetRequest) returns (Meeting) {\n  option (google.api.http) = { post: \"/v1/{name=meetings/*}:get\" };\n}",
    },
    check,
};

fn show(b: &HttpBinding) -> String {
    if b.body.is_empty() {
        format!("{} {}", b.verb, b.path)
    } else {
        format!("{} {} (body \"{}\")", b.verb, b.path, b.body)
    }
}

fn check(diff: &Diff, sink: &mut Sink) {
    for (os, om, ns, nm) in diff.method_pairs() {
        let Some(old) = &om.http else { continue };
        let new_main = nm.http.as_ref().and_then(|h| h.main.as_ref());
        let mut changes = Vec::new();
        match (&old.main, new_main) {
            (Some(o), Some(n)) if o != n => {
                changes.push(format!("changed from {} to {}", show(o), show(n)))
            }
            (Some(o), None) => changes.push(format!("{} was removed", show(o))),
            _ => {}
        }
        let new_additional = nm.http.as_ref().map(|h| &h.additional[..]).unwrap_or(&[]);
        for b in &old.additional {
            if !new_additional.contains(b) && new_main != Some(b) {
                changes.push(format!("additional binding {} was removed", show(b)));
            }
        }
        for change in changes {
            let anchor = nm.http_span.clone().or_else(|| nm.span.clone());
            sink.report(
                format!(
                    "HTTP binding of RPC \"{}\" on service \"{}\": {change}.",
                    nm.name, ns.name
                ),
                Some(diff.new_place(ns.file, &anchor)),
                Some(diff.old_place(os.file, &om.http_span.clone().or(om.span.clone()))),
            )
            .help =
                Some("keep the old binding; add the new one under `additional_bindings`".into());
        }
    }
}
