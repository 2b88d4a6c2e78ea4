# The container image: the static binary on distroless, as a non-root user.
# Built by a release (`docker build --build-arg VERSION=vX .`) where a
# Docker engine exists; .ci/run checks this file but has no engine to build it.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X github.com/bulwarkhq/bulwark/cmd.Version=${VERSION}" -o /out/bulwark .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/bulwark /bulwark
USER nonroot:nonroot
WORKDIR /work
ENTRYPOINT ["/bulwark"]
CMD ["scan", "."]
