# contactgate: one static binary on a distroless base.
#   docker build -t contactgate .
#   docker run --rm contactgate demo --events 10000 --crm-search-lag 2s
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/contactgate ./cmd/contactgate
# The state directory, made here because the runtime image has no shell.
RUN mkdir -p /out/var/lib/contactgate/state

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/contactgate /usr/local/bin/contactgate
# The identity index lives here; mount a volume to keep it across restarts
# (a new container rebuilds it from the outcome topic otherwise). Owned by
# nonroot (65532), the user the process runs as: an empty named volume
# mounted here takes this ownership, so the process can write to it.
COPY --from=build --chown=65532:65532 /out/var/lib/contactgate /var/lib/contactgate
WORKDIR /var/lib/contactgate
USER 65532:65532
EXPOSE 9464
ENTRYPOINT ["/usr/local/bin/contactgate"]
CMD ["--help"]
