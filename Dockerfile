# syntax=docker/dockerfile:1
# protocheck in a container, for GitLab CI and any container-based CI:
#   docker build -t protocheck .
#   docker run --rm -v "$PWD:/work" protocheck diff git:origin/main:proto proto
#
# The binary is static (musl, built in the first stage). The image is Alpine with git rather
# than scratch or distroless: `git:REF[:SUBDIR]` inputs run `git ls-tree` and
# `git cat-file --batch`, and CI runners (GitLab's docker executor among them) run a job's
# script with the image's shell.
FROM rust:1-alpine AS build
# hadolint ignore=DL3018
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p protocheck --bin protocheck \
 && cp target/release/protocheck /protocheck

FROM alpine:3.22
# hadolint ignore=DL3018
RUN apk add --no-cache git \
 && git config --system --add safe.directory '*'
COPY --from=build /protocheck /usr/local/bin/protocheck
WORKDIR /work
ENTRYPOINT ["protocheck"]
CMD ["--help"]
