#!/bin/sh
# Runs JBang exactly as `jbang ARGS...` would (exit code, stdout, stderr), under any POSIX sh
# (dash, busybox ash): no bash anywhere on its path. See docs/jbang-install.md.
#
# Which JBang: the `jbang` on PATH or ~/.jbang/bin/jbang when one is there; its jars are run
# directly when they can be found next to it. Otherwise JBang 0.132.1 is installed into
# $AWS_OIDC_DIR from a Maven repository (the runner's `mvn`, or curl/wget from
# AWS_OIDC_MAVEN_REPOSITORY, default Maven Central), every jar checked against the SHA-256 below.
# JBang is told to use only the JDK in JAVA_HOME or on PATH, never to download one.
# Environment: AWS_OIDC_DIR (required: the job's private directory), JAVA_HOME, HOME, PATH,
# AWS_OIDC_MAVEN_REPOSITORY, AWS_OIDC_DOWNLOAD_CONNECT_TIMEOUT (s, default 10),
# AWS_OIDC_DOWNLOAD_TIMEOUT (s per file, default 120), AWS_OIDC_JBANG_LOCK_WAIT (s, default 120).
set -u
say() { printf 'aws-oidc: %s\n' "$*" >&2; }
dir=${AWS_OIDC_DIR:-}
[ -n "$dir" ] || { say "AWS_OIDC_DIR is not set: it must name the job's private directory"; exit 2; }
version=0.132.1
home=$dir/jbang-$version
connect=${AWS_OIDC_DOWNLOAD_CONNECT_TIMEOUT:-10}
total=${AWS_OIDC_DOWNLOAD_TIMEOUT:-120}
lock_wait=${AWS_OIDC_JBANG_LOCK_WAIT:-120}
for n in "$connect" "$total" "$lock_wait"; do
  case $n in '' | *[!0-9]*) say "download and lock timeouts must be whole seconds, got '$n'"; exit 2 ;; esac
done
# JBang's own JVM only works out what to run: C1 alone and the serial collector start it about
# 0.25 s sooner. JBANG_JAVA_OPTIONS, when set (even empty), replaces these.
launcher_options=${JBANG_JAVA_OPTIONS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}
[ -z "${AWS_OIDC_JBANG_URL:-}" ] || say "AWS_OIDC_JBANG_URL is no longer used; set AWS_OIDC_MAVEN_REPOSITORY to a Maven mirror"

# The pinned JBang and its runtime jars: SHA-256 and path in a Maven repository.
jars() {
  cat <<'JARS'
4241c14a7727c34feea6507ec801318a3d4a90f070e4525681079fb94ee4c593  com/google/code/gson/gson/2.10.1/gson-2.10.1.jar
ff70c10165714fe9546c418a65d74ecd5d57623ba408cecde9428f0a609b5d1c  com/thoughtworks/qdox/qdox/2.0.3/qdox-2.0.3.jar
f9f6cb103f2ddc3c99a9d80ada2ae7bf0685111fd6bffccb72033d1da4e6ff23  commons-codec/commons-codec/1.17.1/commons-codec-1.17.1.jar
f41f7baacd716896447ace9758621f62c1c6b0a91d89acee488da26fc477c84f  commons-io/commons-io/2.16.1/commons-io-2.16.1.jar
daddea1ea0be0f56978ab3006b8ac92834afeefbd9b7e4e6316fca57df0fa636  commons-logging/commons-logging/1.2/commons-logging-1.2.jar
165839e14935cde22f467b7daf7a8479c74f578885b0ab304992c99e495c62b8  dev/jbang/devkitman/0.2.0/devkitman-0.2.0.jar
3ad2a70d8c112a96a6916d5bbf3f5f46afaa688870bc154556fb2f064a5e920e  dev/jbang/jbang-cli/0.132.1/jbang-cli-0.132.1.jar
e569f34a94af89d8ef1d3bd4a337ab5adf8de3008e3584fd8c96081517ad942e  eu/maveniverse/maven/mima/context/2.4.33/context-2.4.33.jar
c82b5e74eec99011e19bc882bc36b18c52a301b9cfe2b1a50de8893a40977f10  eu/maveniverse/maven/mima/runtime/standalone-shared/2.4.33/standalone-shared-2.4.33.jar
e5955170a683829251bf4917f59a36e98b638561927f7ed40be42660933dd0e7  eu/maveniverse/maven/mima/runtime/standalone-static/2.4.33/standalone-static-2.4.33.jar
2af516d001e1fcf208108149d348d66d582bd02de53d3b0f1e8923a3c0ea8992  eu/maveniverse/maven/nisse/core/0.6.0/core-0.6.0.jar
f709061eb7782a350f9861fd0080ad13b3d8baec3c679526d72e2b89e0caf75c  eu/maveniverse/maven/nisse/sources/os-source/0.6.0/os-source-0.6.0.jar
f86e30fffd10d2b13b8caa8d4b237a7ee61f2ffccf5b1941de718b765d235bf8  info/picocli/picocli/4.7.7/picocli-4.7.7.jar
4a5cc3fdc132f5dc63d1c73f4b4c73083655a0fd5848718752d8ea7711cf601e  io/quarkus/qute/qute-core/1.13.7.Final/qute-core-1.13.7.Final.jar
45b4ee5b7df145a57b3d830ee8b605c9349a193bc20476280a82b0ef8b180cc0  io/smallrye/common/smallrye-common-annotation/1.5.0/smallrye-common-annotation-1.5.0.jar
cdd7705a21e01a11b2d557914391590aea2140758552650097a232201acd9773  io/smallrye/reactive/mutiny/0.14.0/mutiny-0.14.0.jar
91c77044a50c481636c32d916fd89c9118a72195390452c81065080f957de7ff  javax/inject/javax.inject/1/javax.inject-1.jar
293d80f54b536b74095dcd7ea3cf0a29bbfc3402519281332495f4420d370d16  org/apache/commons/commons-compress/1.27.1/commons-compress-1.27.1.jar
82f528cf718c7a3c2f30fc5bc784e3c6a0a10b17605dadb9e16c82ede11e6064  org/apache/commons/commons-lang3/3.13.0/commons-lang3-3.13.0.jar
2acf30a070b19163d5a480eae411a281341e870020e3534c6d5d4c8472739e30  org/apache/commons/commons-text/1.11.0/commons-text-1.11.0.jar
5324d2cbc2d311c9f91b82bcbc746ec2a29f1f5b744395a50ff3afb873db1cee  org/apache/httpcomponents/httpclient-cache/4.5.14/httpclient-cache-4.5.14.jar
c8bc7e1c51a6d4ce72f40d2ebbabf1c4b68bfe76e732104b04381b493478e9d6  org/apache/httpcomponents/httpclient/4.5.14/httpclient-4.5.14.jar
6c9b3dd142a09dc468e23ad39aad6f75a0f2b85125104469f026e52a474e464f  org/apache/httpcomponents/httpcore/4.4.16/httpcore-4.4.16.jar
0bfd1c121f907642344311d81e4dfd93eba6c24dc712cc0aeae273eb22833022  org/apache/maven/maven-artifact/3.9.11/maven-artifact-3.9.11.jar
5b1de1560ec19c4c69a655f986455888f3a0bcc3c160cac1f1edb87de3825f77  org/apache/maven/maven-builder-support/3.9.11/maven-builder-support-3.9.11.jar
c4c72accdcd848332c1a37995610a6a369d49fdaabc43e85f0022a5b77de3ba7  org/apache/maven/maven-model-builder/3.9.11/maven-model-builder-3.9.11.jar
163aa596f976264384efeb50b4cb8a806086fd64a9b755ad1f69195fed3998ad  org/apache/maven/maven-model/3.9.11/maven-model-3.9.11.jar
f8655f5f0060e0032944f2a23688d186e140d2184749bcfa1927f83cd6a8b1a2  org/apache/maven/maven-repository-metadata/3.9.11/maven-repository-metadata-3.9.11.jar
b5d6e52ae1ecf1cb62ede2234234ba3093149524066488e84415187ce478c582  org/apache/maven/maven-resolver-provider/3.9.11/maven-resolver-provider-3.9.11.jar
33c96e4ca5a15b7c93180f6b2f8deb15f511dfc15dda0d2b671c968b22108972  org/apache/maven/maven-settings-builder/3.9.11/maven-settings-builder-3.9.11.jar
026718d47d19e360d978857bc63d3dc065884fc2c801563d8a2a77b5ab74ccf8  org/apache/maven/maven-settings/3.9.11/maven-settings-3.9.11.jar
c0ce14849298720dcf3b09fe9e263b3c576d2d6cd43c61f8aa9d6117e04e5e47  org/apache/maven/resolver/maven-resolver-api/1.9.24/maven-resolver-api-1.9.24.jar
18b7d557c41379db8b157ba95263c676f52c293f5416b67bd1db083e99b30383  org/apache/maven/resolver/maven-resolver-connector-basic/1.9.24/maven-resolver-connector-basic-1.9.24.jar
3cd88edda00c46242cdbe57aefb47703519d176d9e8a500333de15faf41b0e1d  org/apache/maven/resolver/maven-resolver-impl/1.9.24/maven-resolver-impl-1.9.24.jar
a222b0a5ca4c145e8e0f45207a23bcce18bdbe1f1c980e4e9fb332591ee8c91a  org/apache/maven/resolver/maven-resolver-named-locks/1.9.24/maven-resolver-named-locks-1.9.24.jar
e3153906e93333c106ee18babb72ba7984ccb15e9116ea08f88c71b8d9387e01  org/apache/maven/resolver/maven-resolver-spi/1.9.24/maven-resolver-spi-1.9.24.jar
0e525e8f76cd17401462f5211c7aea5ccea9d85aabc317a853cf302304e90f51  org/apache/maven/resolver/maven-resolver-supplier/1.9.24/maven-resolver-supplier-1.9.24.jar
b09268d41e1dfcae15a829d45a512ca29d62b727421d3bd6383ac6252e5e960f  org/apache/maven/resolver/maven-resolver-transport-file/1.9.24/maven-resolver-transport-file-1.9.24.jar
a0de339a8dd3473d9abaa1cf974507f38783e26af31d36a90c1e59cc8714ded0  org/apache/maven/resolver/maven-resolver-transport-http/1.9.24/maven-resolver-transport-http-1.9.24.jar
aeb7e776a8c47b1c317a2581f299e2525b044cb8abde31164e970bbbefab12b1  org/apache/maven/resolver/maven-resolver-util/1.9.24/maven-resolver-util-1.9.24.jar
9a7f1b5c5a9effd61eadfd8731452a2f76a8e79111fac391ef75ea801bea203a  org/codehaus/plexus/plexus-cipher/2.0/plexus-cipher-2.0.jar
ab2a8715570438a2e4164d85ad3e8d489eabc38ea5093c2eb8ab7f58403535b5  org/codehaus/plexus/plexus-interpolation/1.28/plexus-interpolation-1.28.jar
4d2d63cdcad46feba432110ef64bcdc8f8fad48538fda5cd2253686b45a94304  org/codehaus/plexus/plexus-java/1.2.0/plexus-java-1.2.0.jar
873139960c4c780176dda580b003a2c4bf82188bdce5bb99234e224ef7acfceb  org/codehaus/plexus/plexus-sec-dispatcher/2.0/plexus-sec-dispatcher-2.0.jar
27ef130e32c236090e408fb5498d94cb9ea26d14070fb1c8985d607b62d098d1  org/codehaus/plexus/plexus-utils/3.6.0/plexus-utils-3.6.0.jar
0b89124daefd48fe8c0f43449be3a98ba609b460f018a80c704c74544f62286a  org/codejive/java-properties/0.0.7/java-properties-0.0.7.jar
1cbd7a965a5e2a9ea823bab311962a4e5aa5c240705bdbad5a52b40ffdfa1004  org/eclipse/sisu/org.eclipse.sisu.inject/0.9.0.M4/org.eclipse.sisu.inject-0.9.0.M4.jar
0544d55ec0cb378fd8f3b20e66277f893f3094cb67e71a1ec0cce6ce150f83b3  org/jboss/jandex/2.2.3.Final/jandex-2.2.3.Final.jar
cb914bfe888da7d9162e965ac8b0d6f28f2f32eca944a00fbbf6dd3cf1aacc13  org/jboss/logging/jboss-logging/3.3.2.Final/jboss-logging-3.3.2.Final.jar
9da350a86ec44adbe152a7258dbebad0030cb98aff74384b8b83f126223e51a5  org/jsoup/jsoup/1.17.1/jsoup-1.17.1.jar
1fad6e6be7557781e4d33729d49ae1cdc8fdda6fe477bb0cc68ce351eafdfbab  org/jspecify/jspecify/1.0.0/jspecify-1.0.0.jar
3c6fac2424db3d4a853b669f4e3d1d9c3c552235e19a319673f887083c2303a1  org/ow2/asm/asm/9.6/asm-9.6.jar
1dee0481072d19c929b623e155e14d2f6085dc011529a0a0dbefc84cf571d865  org/reactivestreams/reactive-streams/1.0.3/reactive-streams-1.0.3.jar
ab57ca8fd223772c17365d121f59e94ecbf0ae59d08c03a3cb5b81071c019195  org/slf4j/jcl-over-slf4j/1.7.36/jcl-over-slf4j-1.7.36.jar
d3ef575e3e4979678dc01bf1dcce51021493b4d11fb7f1be8ad982877c16a1c0  org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar
c214958b07816cb4412b30c7bdbd4308ffdc6ba2a83767b8f3a9229cbd9274d6  org/slf4j/slf4j-nop/1.7.36/slf4j-nop-1.7.36.jar
JARS
}

# JBang and Maven write under Java's user.home, which comes from the passwd entry, not HOME: a
# uid without one gets `?`, i.e. a `?/` directory in the current directory. Without a usable home,
# everything goes under the job's private directory instead.
user_home=${HOME:-}
case $user_home in '' | '?') homeless=1 ;; *) homeless= ;; esac
if [ -z "$homeless" ] && { [ ! -d "$user_home" ] || [ ! -w "$user_home" ] || ! id -un >/dev/null 2>&1; }; then
  homeless=1
fi
if [ -n "$homeless" ]; then
  user_home=$dir/home
  mkdir -p "$user_home" || exit 1
  export JBANG_DIR="${JBANG_DIR:-$user_home/.jbang}"
  export JBANG_CACHE_DIR="${JBANG_CACHE_DIR:-$JBANG_DIR/cache}"
  export JBANG_REPO="${JBANG_REPO:-$user_home/.m2/repository}"
fi
# JBang 0.132.1 reads a `jbang.<option>` system property only when some property has that name
# as its value, hence the second property. The providers keep JBang to JAVA_HOME and PATH.
props="-Djbang.jdkproviders=javahome,path -Daws.oidc.jbang.option=jbang.jdkproviders"
# JBang's cache, where the build lock lives. Without JBANG_CACHE_DIR or JBANG_DIR, JBang uses
# Java's user.home, which this script can only guess as HOME: then it locks only an existing cache
# and creates nothing in HOME.
cache=${JBANG_CACHE_DIR:-${JBANG_DIR:+$JBANG_DIR/cache}}
guessed_cache=
[ -n "$cache" ] || { cache=$user_home/.jbang/cache; guessed_cache=1; }

java=java
if [ -n "${JAVA_HOME:-}" ]; then
  java=$JAVA_HOME/bin/java
  [ -x "$java" ] || { say "JAVA_HOME=$JAVA_HOME has no bin/java: point JAVA_HOME at a JDK 17+"; exit 1; }
fi

no_java() {
  say "no Java found: JBang needs a JDK 17+ (JAVA_HOME is unset and there is no java on PATH)."
  say "Use an image with a JDK 17+ (eclipse-temurin:21, amazoncorretto:21), install one"
  say "(apk add openjdk21-jdk; apt-get install openjdk-17-jdk-headless) or set JAVA_HOME."
  exit 1
}

# One cold build at a time per JBang cache: two at once can fail with "Error creating/updating
# jar" (JBang issue 2445). A lock left by a process that died is taken over.
lock=$cache/aws-oidc-build.lock
me="$(uname -n 2>/dev/null) $$"
take_lock() {
  if [ -n "$guessed_cache" ]; then [ -d "$cache" ] || return 0; else mkdir -p "$cache" 2>/dev/null || return 0; fi
  waited=0
  until mkdir "$lock" 2>/dev/null; do
    owner=$(cat "$lock/owner" 2>/dev/null) || owner=
    if [ "$waited" -ge "$lock_wait" ] || { [ "${owner% *}" = "${me% *}" ] && ! kill -0 "${owner##* }" 2>/dev/null; }; then
      say "taking over the JBang build lock $lock (held by '${owner:-nobody}')"
      rm -rf "$lock"
      waited=0
      continue
    fi
    [ "$waited" -gt 0 ] || say "waiting for another JBang build to finish ($lock)"
    sleep 1
    waited=$((waited + 1))
  done
  printf '%s\n' "$me" >"$lock/owner"
  locked=1
  trap 'rm -rf "$lock"; exit 143' TERM
  trap 'rm -rf "$lock"; exit 130' INT
}
drop_lock() {
  [ -z "${locked:-}" ] || rm -rf "$lock"
  locked=
  trap - TERM INT
}

# JBang's launcher protocol: dev.jbang.Main prints the command to run and exits 255, or prints
# its output and exits with another code. The command is quoted for a POSIX shell.
launch() {
  cp=$1
  shift
  command -v "$java" >/dev/null 2>&1 || no_java
  export JBANG_RUNTIME_SHELL=bash JBANG_LAUNCH_CMD="$0"
  take_lock
  set -f
  # shellcheck disable=SC2086
  output=$("$java" $launcher_options $props ${homeless:+"-Duser.home=$user_home"} \
    -classpath "$cp" dev.jbang.Main "$@")
  status=$?
  set +f
  drop_lock
  if [ $status -eq 255 ]; then eval "exec $output"; fi
  [ -z "$output" ] || printf '%s\n' "$output"
  exit $status
}

redact() { printf '%s' "$1" | sed 's#//[^/@]*@#//***@#'; }
repo=${AWS_OIDC_MAVEN_REPOSITORY:-}
case $repo in
  '' | https://*) ;;
  *) say "AWS_OIDC_MAVEN_REPOSITORY must be an https:// URL, got '$(redact "$repo")'"; exit 2 ;;
esac

# Moves each listed jar from $1 to $2 once its SHA-256 matches; prints the path of the first
# one that is missing or differs and fails.
verify_into() {
  while read -r sum path; do
    f=$1/${path##*/}
    actual=
    [ ! -f "$f" ] || actual=$(sha256sum <"$f")
    if [ "${actual%% *}" != "$sum" ]; then printf '%s\n' "$path"; return 1; fi
    mv "$f" "$2/" || return 1
  done <<EOF
$(jars)
EOF
}

from_mvn() {
  cat >"$1/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>local</groupId><artifactId>jbang-install</artifactId><version>1</version><packaging>pom</packaging>
<dependencies><dependency><groupId>dev.jbang</groupId><artifactId>jbang-cli</artifactId><version>$version</version></dependency></dependencies>
</project>
POM
  mvn -q -B -f "$1/pom.xml" -Daether.connector.connectTimeout="${connect}000" \
    -Daether.connector.requestTimeout="${total}000" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$1" >&2
}

# curl fetches all jars in one process; wget (busybox too) one at a time, bounded by `timeout`.
from_repo() {
  into=$1
  if command -v curl >/dev/null 2>&1; then
    set --
    while read -r sum path; do set -- "$@" -o "$into/${path##*/}" "$repo/$path"; done <<EOF
$(jars)
EOF
    curl -fsS --proto =https --proto-redir =https --fail-early --connect-timeout "$connect" \
      --max-time "$total" "$@"
  elif command -v wget >/dev/null 2>&1; then
    bound=
    ! command -v timeout >/dev/null 2>&1 || bound="timeout $total"
    while read -r sum path; do
      $bound wget -q -T "$connect" -O "$into/${path##*/}" "$repo/$path" || return
    done <<EOF
$(jars)
EOF
  else
    say "neither curl nor wget is installed: install one of them, or use an image with jbang on PATH"
    exit 1
  fi
}

refuse() {
  say "SHA-256 of ${1##*/} from $(redact "$2/$1") differs from the one this script carries;"
  say "refusing to run it. Point AWS_OIDC_MAVEN_REPOSITORY at a faithful mirror of Maven Central."
  rm -rf "$tmp"
  exit 1
}

install_jbang() {
  command -v sha256sum >/dev/null 2>&1 ||
    { say "sha256sum is missing (coreutils or busybox): it checks the JBang jars before they run"; exit 1; }
  tmp=$dir/jbang-install.$$
  rm -rf "$tmp" && mkdir -p "$tmp/get" "$tmp/lib" || exit 1
  if [ -z "$repo" ] && [ -z "$homeless" ] && command -v mvn >/dev/null 2>&1; then
    say "JBang not found; installing JBang $version into $dir with mvn"
    if from_mvn "$tmp/get"; then
      bad=$(verify_into "$tmp/get" "$tmp/lib") || refuse "$bad" "the Maven repository used by mvn"
      finish_install
      return
    fi
    say "mvn could not fetch JBang $version; downloading it directly instead"
  fi
  repo=${repo:-https://repo1.maven.org/maven2}
  repo=${repo%/}
  say "JBang not found; installing JBang $version into $dir from $(redact "$repo")"
  from_repo "$tmp/get"
  fetched=$?
  if bad=$(verify_into "$tmp/get" "$tmp/lib"); then finish_install; return; fi
  [ $fetched -ne 0 ] || refuse "$bad" "$repo"
  say "could not download $(redact "$repo/$bad") (exit $fetched; connect timeout ${connect}s,"
  say "${total}s per file). The job needs https access to Maven Central, or set"
  say "AWS_OIDC_MAVEN_REPOSITORY to an https mirror of it (e.g. a Nexus or Artifactory proxy)."
  rm -rf "$tmp"
  exit 1
}

finish_install() {
  mkdir -p "$home" || exit 1
  [ -d "$home/lib" ] || mv "$tmp/lib" "$home/lib" || exit 1
  rm -rf "$tmp"
}

# A JBang that is already installed: its jars when they sit next to the launcher (JBang's own
# bin/jbang.jar, or a lib/ of Maven Central jars), else the launcher itself if it can run here.
installed_jars() {
  real=$(readlink -f "$1" 2>/dev/null) || real=$1
  bin=${real%/*}
  if [ -f "$bin/jbang.jar" ]; then printf '%s' "$bin/jbang.jar"; return; fi
  for j in "$bin"/../jbang/lib/jbang-cli-*.jar; do [ ! -f "$j" ] || printf '%s' "${j%/*}/*"; return; done
}
for launcher in "$(command -v jbang 2>/dev/null)" "${HOME:+$HOME/.jbang/bin/jbang}"; do
  [ -n "$launcher" ] && [ -x "$launcher" ] || continue
  cp=$(installed_jars "$launcher")
  [ -z "$cp" ] || launch "$cp" "$@"
  if command -v bash >/dev/null 2>&1 || ! head -n 1 "$launcher" | grep -q bash; then
    JBANG_JAVA_OPTIONS="$launcher_options $props${homeless:+ -Duser.home=$user_home}"
    export JBANG_JAVA_OPTIONS
    exec "$launcher" "$@"
  fi
  say "$launcher needs bash, which this image lacks; using JBang $version instead"
done
[ -f "$home/lib/jbang-cli-$version.jar" ] || install_jbang
launch "$home/lib/*" "$@"
