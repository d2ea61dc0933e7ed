# The ciagent image: the agent plus the .NET 8, 9 and 10 SDKs and git, for the GitHub action and Azure DevOps container jobs.
# No USER, WORKDIR or ENTRYPOINT in the final stage: Azure DevOps container jobs run their own user and command in it.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY src/ src/
# ReadyToRun: the compiler and the fixers start precompiled instead of being compiled by the JIT on every run (see README).
RUN dotnet publish src/CiAgent.Cli/CiAgent.Cli.csproj --configuration Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true --output /app --nologo

FROM mcr.microsoft.com/dotnet/sdk:10.0
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1 \
    DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Repositories still target 8.0 and 9.0; side-by-side SDKs under the same dotnet root let global.json pick one.
# --skip-non-versioned-files keeps the 10.0 dotnet host, which the agent itself runs on.
RUN apt-get update \
 && apt-get install --yes --no-install-recommends git ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && curl --fail --silent --show-error --location https://dot.net/v1/dotnet-install.sh --output /usr/local/bin/dotnet-install.sh \
 && chmod +x /usr/local/bin/dotnet-install.sh \
 && dotnet-install.sh --channel 8.0 --install-dir /usr/share/dotnet --skip-non-versioned-files \
 && dotnet-install.sh --channel 9.0 --install-dir /usr/share/dotnet --skip-non-versioned-files \
 && dotnet --list-sdks
COPY --from=build /app /app
COPY docker/ciagent /usr/local/bin/ciagent
RUN chmod +x /usr/local/bin/ciagent
