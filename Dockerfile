# contactgate: one static binary on a distroless base.
#   docker build -t contactgate .
#   docker run --rm contactgate demo --events 10000 --crm-search-lag 2s
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/contactgate ./cmd/contactgate

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/contactgate /usr/local/bin/contactgate
# The identity index lives here; mount a volume to keep it across restarts
# (a new container rebuilds it from the outcome topic otherwise).
WORKDIR /var/lib/contactgate
USER nonroot
EXPOSE 9464
ENTRYPOINT ["/usr/local/bin/contactgate"]
CMD ["--help"]
