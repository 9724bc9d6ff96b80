# One image for every service of docker-compose.yml: the node, zks, and the dev chain, built from this
# checkout exactly as scripts/build.sh builds it (the program from C source, the circuit from circom).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm clang-14 && rm -rf /var/lib/apt/lists/*
WORKDIR /repo
COPY . .
RUN scripts/build.sh

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update && apt-get install -y --no-install-recommends nodejs && rm -rf /var/lib/apt/lists/*
WORKDIR /repo
COPY --from=build /repo /repo
ENV ZKS_REPO_ROOT=/repo DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 5080 5081 11111
CMD ["dotnet", "src/ZkSummarize.Node/bin/Release/net10.0/ZkSummarize.Node.dll"]
