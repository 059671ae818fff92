//! Logic shared by pairs of rules in this family: the two JSON-format rules (messages and
//! enums), the two streaming rules and the two request/response type rules (one end of an
//! rpc each).

use crate::model::features::{json_format, EDITION_2023};
use crate::model::{Enum, Message, Method, Span};
use crate::pair::Diff;
use crate::rules::Sink;

/// The name protobuf gives a resolved `features.json_format` value.
pub fn json_format_name(value: i32) -> &'static str {
    match value {
        json_format::ALLOW => "ALLOW",
        json_format::LEGACY_BEST_EFFORT => "LEGACY_BEST_EFFORT",
        _ => "JSON_FORMAT_UNKNOWN",
    }
}

/// A message or enum as the JSON-format rules see it.
pub struct JsonFormatted<'a> {
    /// `Message` or `Enum`, as it starts the finding's message.
    pub what: &'static str,
    pub name: &'a str,
    pub file: usize,
    pub json_format: i32,
    /// The element's own `option features.json_format = …;`, if written.
    pub option_span: &'a Option<Span>,
    pub span: &'a Option<Span>,
}

impl<'a> From<&'a Message> for JsonFormatted<'a> {
    fn from(m: &'a Message) -> Self {
        JsonFormatted {
            what: "Message",
            name: &m.name,
            file: m.file,
            json_format: m.features.json_format,
            option_span: &m.json_format_span,
            span: &m.span,
        }
    }
}

impl<'a> From<&'a Enum> for JsonFormatted<'a> {
    fn from(e: &'a Enum) -> Self {
        JsonFormatted {
            what: "Enum",
            name: &e.name,
            file: e.file,
            json_format: e.features.json_format,
            option_span: &e.json_format_span,
            span: &e.span,
        }
    }
}

/// Reports a type whose resolved JSON format was `ALLOW` and no longer is. Anchored at the
/// type's own `features.json_format` option when it has one, else at the whole type (a value
/// inherited from the file or syntax has no statement of its own).
pub fn check_json_format(diff: &Diff, sink: &mut Sink, old: JsonFormatted, new: JsonFormatted) {
    if old.json_format != json_format::ALLOW || new.json_format == json_format::ALLOW {
        return;
    }
    let new_span = new.option_span.clone().or_else(|| new.span.clone());
    let old_span = old.option_span.clone().or_else(|| old.span.clone());
    let finding = sink.report(
        format!(
            "{} \"{}\" JSON format support changed from {} to {}.",
            new.what,
            new.name,
            json_format_name(old.json_format),
            json_format_name(new.json_format)
        ),
        Some(diff.new_place(new.file, &new_span)),
        Some(diff.old_place(old.file, &old_span)),
    );
    let old_syntax = diff.old.files[old.file].syntax;
    let new_syntax = diff.new.files[new.file].syntax;
    finding.help = if new_syntax.edition() >= EDITION_2023 {
        Some(format!(
            "set `option features.json_format = ALLOW;` on {} \"{}\"",
            new.what.to_lowercase(),
            new.name
        ))
    } else if old_syntax != new_syntax {
        Some(format!(
            "types of a {new_syntax} file are {}: keep \"{}\" in a {old_syntax} file",
            json_format_name(new.json_format),
            new.name
        ))
    } else {
        None
    };
}

/// One end of an rpc: what the client sends or what the server returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The input: `client_streaming` and the request type.
    Request,
    /// The output: `server_streaming` and the response type.
    Response,
}

impl End {
    fn streaming(self, m: &Method) -> bool {
        match self {
            End::Request => m.client_streaming,
            End::Response => m.server_streaming,
        }
    }
    fn type_name(self, m: &Method) -> &str {
        match self {
            End::Request => &m.input_type,
            End::Response => &m.output_type,
        }
    }
    fn type_span(self, m: &Method) -> &Option<Span> {
        match self {
            End::Request => &m.input_span,
            End::Response => &m.output_span,
        }
    }
    /// Who streams at this end, as buf words it.
    fn party(self) -> &'static str {
        match self {
            End::Request => "client",
            End::Response => "server",
        }
    }
    fn noun(self) -> &'static str {
        match self {
            End::Request => "request",
            End::Response => "response",
        }
    }
    /// What an rpc does with the message at this end.
    fn verb(self) -> &'static str {
        match self {
            End::Request => "takes",
            End::Response => "returns",
        }
    }
}

fn mode(streaming: bool) -> &'static str {
    if streaming {
        "streaming"
    } else {
        "unary"
    }
}

/// Reports an rpc (paired by service full name and method name) that gained or lost streaming
/// at `end`, anchored at the whole new `rpc` declaration.
pub fn check_streaming(diff: &Diff, sink: &mut Sink, end: End) {
    for (os, om, ns, nm) in diff.method_pairs() {
        let (was, is) = (end.streaming(om), end.streaming(nm));
        if was == is {
            continue;
        }
        let party = end.party();
        sink.report(
            format!(
                "RPC \"{}\" on service \"{}\" changed from {party} {} to {party} {}.",
                nm.name,
                ns.name,
                mode(was),
                mode(is)
            ),
            Some(diff.new_place(ns.file, &nm.span)),
            Some(diff.old_place(os.file, &om.span)),
        )
        .help = Some(format!(
            "keep \"{}\" {} and add a new rpc that is {party} {}",
            nm.name,
            mode(was),
            mode(is)
        ));
    }
}

/// Reports an rpc whose request or response message (by full name) changed, anchored at the
/// new type reference (after `stream ` for a streaming end).
pub fn check_type(diff: &Diff, sink: &mut Sink, end: End) {
    for (os, om, ns, nm) in diff.method_pairs() {
        let (was, is) = (end.type_name(om), end.type_name(nm));
        if was == is {
            continue;
        }
        let finding = sink.report(
            format!(
                "RPC \"{}\" on service \"{}\" changed {} type from \"{was}\" to \"{is}\".",
                nm.name,
                ns.name,
                end.noun()
            ),
            Some(diff.new_place(ns.file, end.type_span(nm))),
            Some(diff.old_place(os.file, end.type_span(om))),
        );
        finding.help = Some(format!(
            "keep {was} as the {} of \"{}\" (add fields to it), or add a new rpc that {} {is}",
            end.noun(),
            nm.name,
            end.verb()
        ));
        if let (Some(o), Some(n)) = (
            diff.old.message(was.trim_start_matches('.')),
            diff.new.message(is.trim_start_matches('.')),
        ) {
            finding.effects = crate::effects::change::message_type(o, diff.old, n, diff.new);
        }
    }
}
