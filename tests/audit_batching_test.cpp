// Reads' audit entries by group commit, on SQLite and PostgreSQL: many reads share one
// transaction, and each read answers only once its own entry is committed; a failed commit fails
// every read waiting on it (503) and stores none of their entries. Through a real loopback server
// the response waits for the commit without holding a handler thread, so reads share commits
// beyond the number of handler threads.

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <atomic>
#include <boost/asio.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "service/errors.h"
#include "tests/support/app_fixture.h"
#include "tests/support/http_client.h"
#include "tests/support/test_server.h"

namespace fostermatch {
namespace {

using matching::Role;
using storage::Engine;
using testing::AppFixture;
using usecases::Actor;

constexpr int kThreads = 16;
constexpr int kReadsPerThread = 8;

class AuditBatchingTest : public ::testing::TestWithParam<Engine>, public AppFixture {
 protected:
  // A session for every reader and some for the test's own queries (the group commit has its own).
  AuditBatchingTest() : AppFixture(GetParam(), kThreads + 4) {
    ReadyHousehold(agency1_id);
    need_ = OpenNeed("C-BATCH-1");
  }

  bool Postgres() const { return GetParam() == Engine::kPostgresql; }

  static Actor Reader(const std::string& name) { return {name, Role::kStaff, std::nullopt}; }

  // The committed audit entries of `actor`, counted on another connection than the reads'.
  long long EntriesOf(const std::string& actor) {
    return Count("SELECT COUNT(*) FROM audit_log WHERE actor = '" + actor + "'");
  }

  // Reads the need's candidates as `actor`; false if the read was refused as unavailable.
  bool ReadCandidates(const std::string& actor) {
    try {
      uc().ranking.CandidatesFor(need_, 10, Reader(actor));
      return true;
    } catch (const UnavailableError&) {
      return false;
    }
  }

  // Holds the audit log's write lock on a connection of its own until Release(): the group
  // commit's next transaction waits behind it, so reads handed over meanwhile gather in one group.
  class AuditLogLock {
   public:
    explicit AuditLogLock(AuditBatchingTest& t) : lease_(t.db().Acquire()) {
      if (t.Postgres()) {
        lease_.session() << "BEGIN";
        lease_.session() << "LOCK TABLE audit_log IN EXCLUSIVE MODE";
      } else {
        lease_.session() << "BEGIN IMMEDIATE";
      }
    }
    void Release() { lease_.session() << "ROLLBACK"; }

   private:
    storage::Database::Lease lease_;
  };

  // Waits (bounded) until the group commit holds `n` entries in the transaction under way.
  bool WaitUntilCommitting(uint64_t n) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(4);
    while (std::chrono::steady_clock::now() < deadline) {
      if (uc().CheckHealth().audit_read_committing == n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return false;
  }

  // Waits (bounded) until `n` entries of `use_cases` (default: the fixture's) are handed over
  // and not yet committed.
  bool WaitUntilWaiting(uint64_t n, usecases::UseCases* use_cases = nullptr) {
    usecases::UseCases& u = use_cases ? *use_cases : uc();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(4);
    while (std::chrono::steady_clock::now() < deadline) {
      if (u.CheckHealth().audit_read_waiting == n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return false;
  }

  // Makes the commit of any group holding an entry of `actor` fail (a trigger).
  void FailEntriesOf(const std::string& actor) { FailEntriesWhere("NEW.actor = '" + actor + "'"); }

  // Makes any transaction appending an audit entry for which `when` holds fail (a trigger).
  void FailEntriesWhere(const std::string& when) {
    if (Postgres()) {
      Exec("CREATE FUNCTION fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF " + when +
           " THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$");
      Exec(
          "CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION "
          "fail_audit()");
    } else {
      Exec("CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log WHEN " + when +
           " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
    }
  }

  // The API and pages on a loopback socket with `workers` light handler threads, composed as
  // `serve` composes them (api::AnswerAfterReadAudits), with use cases of their own.
  void StartServer(int workers) {
    http::ServerOptions options = testing::TestServer::DefaultOptions();
    options.worker_threads = workers;
    server_ = std::make_unique<testing::TestServer>(db(), usecases::Config{}, options);
  }
  usecases::UseCases& ServerUseCases() { return server_->use_cases(); }
  std::string NeedPath() const { return "/api/v1/needs/" + std::to_string(need_); }
  std::string CandidatesPath() const { return NeedPath() + "/candidates?limit=10"; }
  // The candidates reads committed, whoever made them.
  long long CandidateReads() {
    return Count("SELECT COUNT(*) FROM audit_log WHERE action = 'read' AND detail = 'candidates'");
  }
  std::string StaffActor() {
    return "token:" + std::to_string(Count("SELECT MAX(id) FROM api_tokens WHERE role = 'staff'"));
  }

  // Signs in to the admin pages over `client` and returns the session cookie ("fm_session=…"),
  // or "" if refused.
  static std::string LogIn(testing::HttpClient& client, const std::string& user,
                           const std::string& password) {
    const testing::HttpResult form = client.Get("/admin/login");
    const std::string login = CookieSet(form, "fm_login");
    std::smatch csrf;
    if (!std::regex_search(form.body, csrf, std::regex("name=\"csrf\" value=\"([^\"]+)\""))) {
      return "";
    }
    const testing::HttpResult r =
        client.Request("POST", "/admin/login", "",
                       "csrf=" + csrf[1].str() + "&username=" + user + "&password=" + password,
                       "application/x-www-form-urlencoded", {{"Cookie", "fm_login=" + login}});
    const std::string session = CookieSet(r, "fm_session");
    return session.empty() ? "" : "fm_session=" + session;
  }
  // The value a response sets for cookie `name`, or "".
  static std::string CookieSet(const testing::HttpResult& r, const std::string& name) {
    const auto it = r.headers.find("set-cookie");
    std::istringstream lines(it == r.headers.end() ? "" : it->second);
    for (std::string line; std::getline(lines, line);) {
      if (line.starts_with(name + "=")) {
        return line.substr(name.size() + 1, line.find(';') - name.size() - 1);
      }
    }
    return "";
  }

  int64_t need_ = 0;
  std::unique_ptr<testing::TestServer> server_;
};

// N readers at once: each read, as soon as it returns, has exactly one entry that another
// connection sees; nothing is lost or doubled.
TEST_P(AuditBatchingTest, EachConcurrentReadIsCommittedBeforeItReturns) {
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < kReadsPerThread; ++i) {
        const std::string actor = "reader-" + std::to_string(t) + "-" + std::to_string(i);
        ASSERT_TRUE(ReadCandidates(actor)) << actor;
        EXPECT_EQ(EntriesOf(actor), 1) << actor << " returned before its entry was committed";
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE actor LIKE 'reader-%'"),
            kThreads * kReadsPerThread);
}

// Reads handed over while a commit is under way share the next one: with the audit log locked,
// N reads wait in one group, and their N entries take at most two commits, not N.
TEST_P(AuditBatchingTest, ConcurrentReadsShareOneCommit) {
  const usecases::Health before = uc().CheckHealth();
  AuditLogLock lock(*this);
  std::vector<std::thread> threads;
  std::atomic<int> answered{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t, &answered] {
      if (ReadCandidates("sharer-" + std::to_string(t))) ++answered;
    });
  }
  const bool gathered = WaitUntilWaiting(kThreads);
  EXPECT_EQ(answered.load(), 0) << "a read answered while its entry could not be committed";
  lock.Release();
  for (auto& t : threads) t.join();
  ASSERT_TRUE(gathered) << "the reads never all waited for their commit";
  const usecases::Health after = uc().CheckHealth();
  EXPECT_EQ(answered.load(), kThreads);
  EXPECT_EQ(after.audit_read_entries - before.audit_read_entries, uint64_t{kThreads});
  // The first read's group may be alone (taken before the others arrived); the rest are one.
  EXPECT_LE(after.audit_read_commits - before.audit_read_commits, 2u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE actor LIKE 'sharer-%'"), kThreads);
}

// A group whose commit fails takes every read in it down: each of them is refused, none of
// their entries is stored, and every read that answered has its entry.
TEST_P(AuditBatchingTest, AFailedCommitRefusesEveryReadInItsGroup) {
  FailEntriesOf("sharer-0");
  AuditLogLock lock(*this);
  std::vector<std::thread> threads;
  std::vector<char> answered(kThreads, 0);
  auto read = [this, &answered](int t) {
    answered[t] = ReadCandidates("sharer-" + std::to_string(t));
  };
  // One read first, alone in the transaction that waits for the lock; then the others, the
  // failing one among them, gather in the next group. (Started together, the writer may take
  // all but the last read into its first group, and leave the failing one alone.)
  threads.emplace_back(read, 1);
  bool gathered = WaitUntilCommitting(1);
  for (int t = 2; t < kThreads; ++t) threads.emplace_back(read, t);
  gathered = WaitUntilWaiting(kThreads - 1) && gathered;
  threads.emplace_back(read, 0);
  gathered = WaitUntilWaiting(kThreads) && gathered;
  lock.Release();
  for (auto& t : threads) t.join();
  ASSERT_TRUE(gathered);
  EXPECT_FALSE(answered[0]) << "the read whose entry cannot be stored answered";
  int refused = 0;
  for (int t = 0; t < kThreads; ++t) {
    const std::string actor = "sharer-" + std::to_string(t);
    EXPECT_EQ(EntriesOf(actor), answered[t] ? 1 : 0) << actor;
    refused += answered[t] ? 0 : 1;
  }
  EXPECT_GT(refused, 1) << "the failing entry's group held only itself";
  EXPECT_GE(uc().CheckHealth().audit_read_failed_commits, 1u);
  // The writer survives a failed commit: the next read is committed and answered.
  EXPECT_TRUE(ReadCandidates("after-failure"));
  EXPECT_EQ(EntriesOf("after-failure"), 1);
}

// Through the API: when reads' entries cannot be committed, the read answers 503 problem+json,
// never the need, and the next read after the fault answers 200 with its entry.
TEST_P(AuditBatchingTest, AReadWhoseEntryCannotBeCommittedAnswers503) {
  FailEntriesOf("token:" + std::to_string(Count("SELECT MAX(id) FROM api_tokens WHERE role = "
                                                "'staff'")));
  const std::string path = "/api/v1/needs/" + std::to_string(need_);
  const long long before = AuditRows();
  for (const std::string& target : {path, path + "/candidates"}) {
    const http::Response r = Call("GET", target, staff);
    EXPECT_EQ(r.status, 503) << target << ": " << r.body;
    EXPECT_EQ(r.content_type, "application/problem+json") << target;
    EXPECT_EQ(r.body.find("C-BATCH-1"), std::string::npos) << target << " leaked the need";
  }
  EXPECT_EQ(AuditRows(), before);
  const http::Response ok = Call("GET", path, admin);
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(AuditRows(), before + 1);
}

// Over a real server with one handler thread: three reads' responses all wait for their commit
// at once (so none holds the thread), the thread meanwhile answers another request, and no
// response leaves before its audit row is committed.
TEST_P(AuditBatchingTest, AServedReadIsNotSentBeforeItsEntryIsCommittedAndHoldsNoThread) {
  StartServer(/*workers=*/1);
  AuditLogLock lock(*this);
  constexpr int kReads = 3;
  std::atomic<int> answered{0};
  std::vector<int> statuses(kReads, 0);
  std::vector<std::thread> readers;
  for (int i = 0; i < kReads; ++i) {
    readers.emplace_back([this, i, &answered, &statuses] {
      testing::HttpClient client(server_->port());
      statuses[i] = client.Get(CandidatesPath(), staff).status;
      ++answered;
    });
  }
  const bool gathered = WaitUntilWaiting(kReads, &ServerUseCases());
  testing::HttpClient other(server_->port());
  const int other_status = other.Get("/api/v1/regions", staff).status;
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(answered.load(), 0) << "a response was sent before its audit entry was committed";
  EXPECT_EQ(CandidateReads(), 0);
  lock.Release();
  for (auto& t : readers) t.join();
  ASSERT_TRUE(gathered) << "the reads did not all wait for their commit at once";
  EXPECT_EQ(other_status, 200) << "the only handler thread was held by a waiting read";
  for (int i = 0; i < kReads; ++i) EXPECT_EQ(statuses[i], 200) << i;
  EXPECT_EQ(CandidateReads(), kReads);
}

// Over a real server, a read whose entry cannot be committed (a trigger refuses it) answers 503
// problem+json, never the need, and stores nothing; the next read after the fault answers.
TEST_P(AuditBatchingTest, AServedReadWhoseCommitFailsAnswers503AndStoresNothing) {
  StartServer(/*workers=*/2);
  FailEntriesOf(StaffActor());
  const long long before = AuditRows();
  testing::HttpClient client(server_->port());
  for (const std::string& target : {NeedPath(), CandidatesPath()}) {
    const testing::HttpResult r = client.Get(target, staff);
    EXPECT_EQ(r.status, 503) << target << ": " << r.body;
    EXPECT_EQ(r.headers.at("content-type"), "application/problem+json") << target;
    EXPECT_EQ(r.headers.at("retry-after"), "1") << target;
    EXPECT_EQ(r.body.find("C-BATCH-1"), std::string::npos) << target << " leaked the need";
  }
  EXPECT_EQ(AuditRows(), before);
  EXPECT_GE(ServerUseCases().CheckHealth().audit_read_failed_commits, 2u);
  const testing::HttpResult ok = client.Get(NeedPath(), admin);
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_NE(ok.body.find("C-BATCH-1"), std::string::npos);
  EXPECT_EQ(AuditRows(), before + 1);
}

// The same for an admin page read over the socket: a staff member whose page read cannot be
// audited gets the pages' own error page (HTML, 503, Retry-After), not the API's problem+json,
// and nothing of the need; nothing is stored.
TEST_P(AuditBatchingTest, AServedAdminPageWhoseCommitFailsAnswersTheErrorPageAndStoresNothing) {
  StartServer(/*workers=*/2);
  const std::string password = "correct horse battery";
  uc().access.AddUser("pat", password, Role::kStaff, std::nullopt, Actor::Cli());
  testing::HttpClient client(server_->port());
  const std::string session = LogIn(client, "pat", password);
  ASSERT_FALSE(session.empty());
  FailEntriesOf("user:pat");
  const long long before = AuditRows();
  const testing::HttpResult r = client.Request("GET", "/admin/needs/" + std::to_string(need_), "",
                                               "", "", {{"Cookie", session}});
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_TRUE(r.headers.at("content-type").starts_with("text/html"))
      << r.headers.at("content-type");
  EXPECT_EQ(r.headers.at("retry-after"), "1");
  EXPECT_EQ(r.body.find("C-BATCH-1"), std::string::npos) << "the page leaked the need";
  EXPECT_EQ(AuditRows(), before);
}

// Many concurrent reads over a real server with fewer handler threads than readers: their
// entries gather while one commit is under way and share the next, far more per commit than
// there are threads (a read that held its thread until committed allowed at most that many).
TEST_P(AuditBatchingTest, ManyServedReadsShareCommitsBeyondTheWorkerCount) {
  constexpr int kWorkers = 2;
  StartServer(kWorkers);
  const usecases::Health before = ServerUseCases().CheckHealth();
  AuditLogLock lock(*this);
  std::vector<int> statuses(kThreads, 0);
  std::vector<std::thread> readers;
  for (int t = 0; t < kThreads; ++t) {
    readers.emplace_back([this, t, &statuses] {
      testing::HttpClient client(server_->port());
      statuses[t] = client.Get(CandidatesPath(), staff).status;
    });
  }
  const bool gathered = WaitUntilWaiting(kThreads, &ServerUseCases());
  lock.Release();
  for (auto& t : readers) t.join();
  ASSERT_TRUE(gathered) << "fewer than " << kThreads << " reads waited for a commit at once";
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(statuses[t], 200) << t;
  const usecases::Health after = ServerUseCases().CheckHealth();
  const uint64_t entries = after.audit_read_entries - before.audit_read_entries;
  const uint64_t commits = after.audit_read_commits - before.audit_read_commits;
  EXPECT_EQ(entries, uint64_t{kThreads});
  ASSERT_GE(commits, 1u);
  // The first read's group may be alone (taken before the others arrived); the rest are one.
  EXPECT_LE(commits, 2u);
  EXPECT_GT(entries / commits, uint64_t{kWorkers});
  EXPECT_EQ(CandidateReads(), kThreads);
}

// A server told to stop while a read waits for its commit still commits it and answers it
// before it finishes stopping.
TEST_P(AuditBatchingTest, AStoppingServerAnswersTheReadsItHandedOver) {
  StartServer(/*workers=*/1);
  usecases::UseCases& server_use_cases = ServerUseCases();
  AuditLogLock lock(*this);
  std::atomic<int> status{0};
  std::thread reader([this, &status, port = server_->port()] {
    testing::HttpClient client(port);
    status = client.Get(CandidatesPath(), staff).status;
  });
  const bool gathered = WaitUntilWaiting(1, &server_use_cases);
  std::atomic<bool> stopped{false};
  std::thread stopper([this, &stopped] {
    server_.reset();  // Stop(), then Run() returns once in-flight requests are answered
    stopped = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(status.load(), 0) << "answered before its entry was committed";
  EXPECT_FALSE(stopped.load()) << "the server stopped with a read not answered";
  lock.Release();
  reader.join();
  stopper.join();
  ASSERT_TRUE(gathered);
  EXPECT_EQ(status.load(), 200);
  EXPECT_EQ(CandidateReads(), 1);
}

// A client that leaves while its read waits for the commit breaks nothing: the entry is still
// committed (the read happened), and the server goes on answering.
TEST_P(AuditBatchingTest, AClientThatLeavesWhileItsReadWaitsBreaksNothing) {
  StartServer(/*workers=*/1);
  AuditLogLock lock(*this);
  {
    namespace asio = boost::asio;
    asio::io_context ioc;
    asio::ip::tcp::socket socket(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), server_->port()});
    const std::string request = "GET " + CandidatesPath() +
                                " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + staff +
                                "\r\n\r\n";
    asio::write(socket, asio::buffer(request));
    ASSERT_TRUE(WaitUntilWaiting(1, &ServerUseCases()));
    socket.close();  // gone before the answer
  }
  lock.Release();
  testing::HttpClient client(server_->port());
  EXPECT_EQ(client.Get(CandidatesPath(), staff).status, 200);
  EXPECT_EQ(CandidateReads(), 2);
}

// A request that reads (its entry left pending by the server's scope) and then writes: the
// write first commits the read's entry, and when that fails the write does not happen; when it
// succeeds the read's entry precedes the write's.
TEST_P(AuditBatchingTest, AWriteAfterAPendingReadHappensOnlyOnceTheReadIsAudited) {
  const Actor failing{"mixed-failing", Role::kStaff, std::nullopt};
  const Actor fine{"mixed-fine", Role::kStaff, std::nullopt};
  FailEntriesWhere("NEW.actor = 'mixed-failing' AND NEW.action = 'read'");
  const std::string urgency = "SELECT urgency FROM needs WHERE id = " + std::to_string(need_);
  const long long urgency_before = Count(urgency);
  usecases::NeedChanges changes;
  changes.urgency = urgency_before == 3 ? 1 : 3;
  {
    usecases::PendingReadAudits pending(uc());
    usecases::PendingReadAudits::Scope scope(pending);
    uc().needs.Get(need_, failing);
    EXPECT_FALSE(pending.empty()) << "the read waited for its commit inside a scope";
    EXPECT_THROW(uc().needs.Update(need_, changes, failing), UnavailableError);
  }
  EXPECT_EQ(EntriesOf("mixed-failing"), 0);
  EXPECT_EQ(Count(urgency), urgency_before) << "written after a read that was not audited";
  {
    usecases::PendingReadAudits pending(uc());
    usecases::PendingReadAudits::Scope scope(pending);
    uc().needs.Get(need_, fine);
    uc().needs.Update(need_, changes, fine);
    EXPECT_TRUE(pending.empty()) << "the write left the read's entry pending";
  }
  EXPECT_EQ(Count(urgency), *changes.urgency);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE actor = 'mixed-fine' AND action = 'read' "
                  "AND id < (SELECT MIN(id) FROM audit_log WHERE actor = 'mixed-fine' AND action "
                  "<> 'read')"),
            1);
}

INSTANTIATE_TEST_SUITE_P(Engines, AuditBatchingTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgresql),
                         [](const auto& info) { return testing::EngineName(info.param); });

}  // namespace
}  // namespace fostermatch
