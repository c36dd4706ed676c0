// Every word the pages show, Japanese first, English second: one table, so a missing
// translation is a missing row, not a string hidden in a template.

#include <regex>
#include <unordered_map>

#include "matching/engine.h"
#include "service/pages/site.h"

namespace fostermatch::pages {

namespace {

struct Entry {
  std::string_view key, ja, en;
};

constexpr Entry kLabels[] = {
    // frame
    {"app_name", "里親マッチング 管理画面", "Foster matching admin"},
    {"skip_to_content", "本文へ移動", "Skip to content"},
    {"nav_label", "メインメニュー", "Main menu"},
    {"nav_dashboard", "ダッシュボード", "Dashboard"},
    {"nav_foster_parents", "里親", "Foster parents"},
    {"nav_needs", "委託ニーズ", "Placement needs"},
    {"nav_audit", "監査ログ", "Audit log"},
    {"nav_tokens", "APIトークン", "API tokens"},
    {"logout", "ログアウト", "Log out"},
    {"signed_in_as", "ログイン中", "Signed in as"},
    {"other_language", "English", "日本語"},
    {"other_language_code", "en", "ja"},
    {"switch_language", "表示言語を切り替える", "Switch language"},
    // login
    {"login_title", "ログイン", "Log in"},
    {"username", "ユーザー名", "Username"},
    {"password", "パスワード", "Password"},
    {"login_button", "ログイン", "Log in"},
    {"login_failed", "ユーザー名またはパスワードが正しくありません。",
     "The username or password is not correct."},
    {"login_throttled",
     "ログインの失敗が続いたため、しばらく待ってからお試しください。待ち時間（秒）:",
     "Too many failed logins. Please wait before trying again. Seconds to wait:"},
    {"logged_out", "ログアウトしました。", "You have logged out."},
    {"session_expired", "ログインしてください（セッションの有効期限が切れた可能性があります）。",
     "Please log in (your session may have expired)."},
    // errors
    {"error_title", "エラー", "Error"},
    {"error_not_found", "お探しのページまたは記録は見つかりません。",
     "The page or record was not found."},
    {"error_forbidden", "この操作を行う権限がありません。", "You may not do this."},
    {"error_csrf", "フォームの有効期限が切れたか、不正な送信です。ページを開き直してください。",
     "The form has expired or was not sent from this site. Please reload the page."},
    {"error_media_type", "フォームの送信形式が正しくありません。",
     "The form was not sent as a form."},
    {"error_conflict", "現在の状態ではこの操作はできません。",
     "This cannot be done as things stand."},
    {"error_invalid", "入力内容に誤りがあります。", "Some values are not valid."},
    {"error_unavailable", "只今混み合っています。少し待ってから再度お試しください。",
     "The service is busy. Please try again shortly."},
    {"error_internal", "予期しないエラーが発生しました（記録済みです）。",
     "An unexpected error occurred; it has been logged."},
    {"back_to_dashboard", "ダッシュボードへ戻る", "Back to the dashboard"},
    // common
    {"id", "ID", "ID"},
    {"yes", "はい", "Yes"},
    {"no", "いいえ", "No"},
    {"none", "なし", "None"},
    {"all", "すべて", "All"},
    {"save", "保存する", "Save"},
    {"cancel", "キャンセル", "Cancel"},
    {"edit", "編集", "Edit"},
    {"detail", "詳細", "Details"},
    {"filter", "絞り込み", "Filter"},
    {"apply_filter", "絞り込む", "Apply"},
    {"next_page", "次のページ", "Next page"},
    {"no_results", "該当する記録はありません。", "Nothing matches."},
    {"error_summary", "入力内容を確認してください", "Please check these fields"},
    {"required", "必須", "required"},
    {"print", "印刷", "Print"},
    // dashboard
    {"dashboard", "ダッシュボード", "Dashboard"},
    {"today", "基準日", "As of"},
    {"households_registered", "登録世帯数", "Registered households"},
    {"placed_now", "委託中の世帯", "Households with a child"},
    {"placement_rate", "委託率", "Placement rate"},
    {"long_unplaced", "長期未委託", "Long unplaced"},
    {"open_needs", "未決定のニーズ", "Open needs"},
    {"proposed_needs", "うち提案中", "Of which proposed"},
    {"rate_by_region", "区別の委託率", "Placement rate by ward"},
    {"registrations_expiring_90", "90日以内に登録期限", "Registrations expiring within 90 days"},
    {"renewal_due_90", "90日以内に更新研修", "Renewal trainings due within 90 days"},
    {"rate_by_month", "月別の委託率（月次マッチング時点）",
     "Placement rate by month (at each run)"},
    {"rate_by_month_desc", "保存された月次マッチングの実行時点での委託率（直近12か月分）",
     "The placement rate on each stored monthly run's date (the last 12)"},
    {"rate_chart_desc", "各区の登録世帯に占める委託中世帯の割合",
     "Share of registered households with a child placed, by ward"},
    {"region", "地域", "Region"},
    {"rate", "委託率", "Rate"},
    {"placed_of_registered", "委託中／登録", "Placed / registered"},
    {"long_unplaced_by_agency", "機関別の長期未委託里親", "Long-unplaced households by agency"},
    {"agency", "フォスタリング機関", "Agency"},
    {"households", "世帯", "Households"},
    {"waiting_longest", "待機の長いニーズ", "Needs waiting longest"},
    {"days_waiting", "待機日数", "Days waiting"},
    {"no_waiting_needs", "未決定のニーズはありません。", "There are no open needs."},
    // foster parents
    {"foster_parents", "里親一覧", "Foster parents"},
    {"foster_parent", "里親", "Foster parent"},
    {"new_foster_parent", "里親を登録", "Register a foster parent"},
    {"edit_foster_parent", "里親情報の編集", "Edit foster parent"},
    {"household_name", "世帯名", "Household name"},
    {"types", "里親種別", "Types"},
    {"status", "状態", "Status"},
    {"capacity", "受入可能人数", "Capacity"},
    {"children_now", "委託中の児童数", "Children placed now"},
    {"months_unplaced", "未委託月数", "Months unplaced"},
    {"readiness", "準備度", "Readiness"},
    {"csv_export", "CSVで書き出す", "Export CSV"},
    {"long_unplaced_only", "長期未委託のみ", "Long unplaced only"},
    {"registered_on", "登録日", "Registered on"},
    {"registration_expires_on", "登録有効期限", "Registration expires on"},
    {"registration_expires_hint", "空欄なら種別に応じて自動計算（5年、専門里親は2年）",
     "Leave empty to compute it from the types (5 years, 2 for specialized)"},
    {"date_hint", "YYYY-MM-DD", "YYYY-MM-DD"},
    {"own_children", "実子の人数", "Own children"},
    {"preferences", "受入希望", "Preferences"},
    {"age_min", "受入年齢（下限）", "Youngest age"},
    {"age_max", "受入年齢（上限）", "Oldest age"},
    {"sexes", "受入可能な性別", "Sexes accepted"},
    {"max_siblings", "きょうだいの受入上限", "Most siblings together"},
    {"accepted_needs", "受入可能な配慮事項", "Needs accepted"},
    {"respite_only", "レスパイトのみ", "Respite only"},
    {"notes", "備考", "Notes"},
    {"readiness_score", "準備度スコア", "Readiness score"},
    {"ready", "委託可能", "Ready"},
    {"not_ready", "要対応事項あり", "Not ready"},
    {"gaps", "不足している事項", "What is missing"},
    {"no_gaps", "不足はありません。", "Nothing is missing."},
    {"hard_gap", "必須", "blocking"},
    {"trainings", "研修履歴", "Trainings"},
    {"course", "研修", "Course"},
    {"completed_on", "修了日", "Completed on"},
    {"hours", "時間", "Hours"},
    {"provider", "実施機関", "Provider"},
    {"outcome", "結果", "Outcome"},
    {"no_trainings", "研修の記録はありません。", "No training records."},
    {"placements", "委託状況", "Placements"},
    {"committed_children", "委託予定を含む児童数", "Children including planned starts"},
    {"last_placement_ended_on", "直近の委託終了日", "Last placement ended on"},
    {"placement_history", "委託の履歴", "Placement history"},
    {"ended_on", "終了日", "Ended on"},
    {"no_placements", "委託の記録はありません。", "No placements yet."},
    {"saved", "保存しました。", "Saved."},
    {"created", "登録しました。", "Registered."},
    {"back_to_list", "一覧へ戻る", "Back to the list"},
    {"end_placement", "委託を終了", "End the placement"},
    {"end_placement_title", "委託の終了（確認）", "End the placement (confirm)"},
    {"end_placement_irreversible",
     "終了を記録すると、この委託は終了済みとなり、里親の空き枠が戻ります。取り消しはできません。",
     "Ending the placement frees the home's places. It cannot be undone."},
    {"end_placement_confirm", "この委託を終了することを確認しました",
     "I confirm this placement ends"},
    {"placement_outcome", "終了の理由・結果", "Outcome"},
    {"placement_outcome_hint", "任意、100バイトまで", "optional, up to 100 bytes"},
    {"placement_ended", "委託の終了を記録しました。", "The placement's end was recorded."},
    {"confirm", "確認", "Confirmation"},
    // needs
    {"needs", "委託ニーズ一覧", "Placement needs"},
    {"need", "委託ニーズ", "Placement need"},
    {"new_need", "ニーズを登録", "Enter a need"},
    {"edit_need", "ニーズを編集", "Edit the need"},
    {"why_not", "この里親が候補にならない理由", "Why not this household?"},
    {"why_not_household", "里親ID", "Household id"},
    {"why_not_ask", "理由を確認", "Check"},
    {"why_not_failing", "最初に該当した除外条件", "First failing rule"},
    {"why_not_eligible", "すべての条件を満たしています（候補）", "Eligible: passes every rule"},
    {"back_to_candidates", "候補の一覧に戻る", "Back to the candidates"},
    {"need_updated", "ニーズを更新しました。", "The need was updated."},
    {"case_ref", "ケース番号", "Case ref"},
    {"case_ref_hint", "仮名化した番号（氏名は入力しないでください）",
     "A pseudonymous reference (never a name)"},
    {"child_age", "児童の年齢", "Child's age"},
    {"child_sex", "児童の性別", "Child's sex"},
    {"siblings", "一緒に委託する人数", "Children to place together"},
    {"need_categories", "配慮事項", "Needs"},
    {"kind", "委託の種類", "Kind"},
    {"requires_type", "必要な里親種別", "Type required"},
    {"any_type", "指定なし", "Any"},
    {"earliest_start", "委託開始可能日", "Earliest start"},
    {"urgency", "緊急度", "Urgency"},
    {"urgency_1", "1（低）", "1 (low)"},
    {"urgency_2", "2（中）", "2 (medium)"},
    {"urgency_3", "3（高）", "3 (high)"},
    {"find_candidates", "候補の里親を探す", "Find candidate homes"},
    {"candidates", "候補の里親", "Candidate homes"},
    {"evaluated", "評価した世帯", "Homes evaluated"},
    {"eligible", "条件を満たす世帯", "Eligible homes"},
    {"excluded_by_reason", "除外の理由（最初に該当した条件）", "Excluded, by first failing rule"},
    {"score", "スコア", "Score"},
    {"components", "内訳", "Components"},
    {"reasons", "理由", "Reasons"},
    {"weights", "重み", "Weights"},
    {"comp_proximity", "近さ", "Proximity"},
    {"comp_readiness", "準備度", "Readiness"},
    {"comp_waiting", "待機期間", "Waiting"},
    {"comp_fit", "希望との適合", "Fit"},
    {"rank", "順位", "Rank"},
    {"record_placement", "この里親への委託を記録", "Record a placement with this home"},
    {"confirm_placement", "委託の記録（確認）", "Record the placement (confirm)"},
    {"started_on", "委託開始日", "Start date"},
    {"placement_irreversible",
     "記録すると、このニーズは「委託済み」になり、里親の空き枠が減ります。取り消しはできません。",
     "Recording marks the need placed and takes the home's places. It cannot be undone."},
    {"placed_done", "委託を記録しました。", "The placement was recorded."},
    {"no_candidates", "条件を満たす里親はいません。除外の理由を確認してください。",
     "No home meets every rule; see the reasons for exclusion."},
    {"need_created", "ニーズを登録しました。", "The need was entered."},
    // match runs
    {"nav_match_runs", "マッチング", "Match runs"},
    {"match_runs", "月次マッチング", "Monthly match runs"},
    {"match_run", "月次マッチング", "Match run"},
    {"view_month", "今月の結果を見る", "This month's run"},
    {"start_run", "マッチングを実行", "Start a run"},
    {"month", "対象月", "Month"},
    {"apply_proposals", "提案したニーズを「提案中」にする", "Mark proposed needs as proposed"},
    {"apply_hint", "委託の記録は行いません。決めるのは職員です。",
     "No placement is recorded: people decide."},
    {"run_running", "実行中", "running"},
    {"run_done", "完了", "done"},
    {"run_failed", "失敗", "failed"},
    {"reload", "最新の状態を表示", "Refresh"},
    {"run_history", "これまでの実行結果", "Stored runs"},
    {"run_created_at", "実行日時", "Run at"},
    {"no_runs", "保存されたマッチング結果はまだありません。", "No run has been stored yet."},
    {"download_report", "印刷用レポート（HTML）をダウンロード",
     "Download the printable report (HTML)"},
    {"download_agency_csv", "この機関のCSVをダウンロード", "Download this agency's CSV"},
    {"no_run_yet", "この月のマッチング結果はまだありません。",
     "There is no run for this month yet."},
    {"proposals", "提案", "Proposals"},
    {"unassigned", "提案できなかったニーズ", "Needs without a proposal"},
    {"unassigned_no_eligible_home", "条件を満たす里親なし", "No eligible home"},
    {"unassigned_eligible_homes_taken", "候補は他のニーズに提案済み",
     "Eligible homes went to other needs"},
    {"unassigned_eligible_homes_not_shared", "条件を満たす里親の機関に共有されていない",
     "Eligible homes belong to agencies the need is not shared with"},
    {"accepted", "受諾", "Accepted"},
    {"declined", "辞退", "Declined"},
    {"answer", "回答", "Answer"},
    {"accept", "受諾する", "Accept"},
    {"decline", "辞退する", "Decline"},
    {"decline_reason", "辞退の理由", "Reason to decline"},
    {"answer_saved", "回答を記録しました。", "The answer was recorded."},
    {"decline_child_age", "児童の年齢", "Child's age"},
    {"decline_child_needs", "児童の配慮事項", "Child's needs"},
    {"decline_timing", "時期", "Timing"},
    {"decline_family_circumstances", "家庭の事情", "Family circumstances"},
    {"decline_distance", "距離", "Distance"},
    {"decline_capacity", "受入枠", "Capacity"},
    {"decline_other", "その他", "Other"},
    // admin
    {"audit_log", "監査ログ", "Audit log"},
    {"at", "日時", "When"},
    {"actor", "操作者", "Who"},
    {"action", "操作", "Action"},
    {"entity", "対象", "Record type"},
    {"entity_id", "対象ID", "Record id"},
    {"audit_detail", "詳細", "Detail"},
    {"older", "さらに古い記録", "Older entries"},
    {"tokens", "APIトークン", "API tokens"},
    {"create_token", "トークンを発行", "Issue a token"},
    {"token_label", "用途（ラベル）", "Label"},
    {"role", "権限", "Role"},
    {"agency_for_role", "機関（agency権限のみ）", "Agency (agency role only)"},
    {"token_shown_once", "このトークンは今回しか表示されません。安全な場所に保管してください。",
     "This token is shown only now. Keep it somewhere safe."},
    {"revoke", "失効させる", "Revoke"},
    {"revoke_confirm", "失効させると元に戻せません。失効させるトークンのIDを確認してください。",
     "Revoking cannot be undone. Check the token's id."},
    {"revoked", "失効", "Revoked"},
    {"active_token", "有効", "Active"},
    {"created_at", "発行日時", "Created"},
    {"token_revoked", "トークンを失効させました。", "The token was revoked."},
    {"nav_agencies", "機関", "Agencies"},
    {"nav_users", "ユーザー", "Users"},
    {"agencies", "フォスタリング機関", "Agencies"},
    {"new_agency", "機関を登録", "Add an agency"},
    {"create_agency", "登録する", "Add"},
    {"edit_agency", "機関の編集", "Edit agency"},
    {"agency_name", "機関名", "Agency name"},
    {"name", "機関名", "Agency name"},
    {"wards", "担当区", "Wards served"},
    {"regions", "担当区", "Wards served"},
    {"users", "管理画面のユーザー", "Admin-page users"},
    {"add_user", "ユーザーを追加", "Add a user"},
    {"password_again", "パスワード（確認）", "Password again"},
    {"password_hint", "12文字以上", "12 characters or more"},
    {"user_added", "ユーザーを追加しました。", "The user was added."},
    {"user_disabled", "無効", "Disabled"},
    {"user_enabled", "有効", "Enabled"},
    // form fields named as the use cases name them ('.' becomes '_')
    {"agency_id", "フォスタリング機関", "Agency"},
    {"accepts_age_min", "受入年齢（下限）", "Youngest age"},
    {"accepts_age_max", "受入年齢（上限）", "Oldest age"},
    {"accepts_sexes", "受入可能な性別", "Sexes accepted"},
    {"accepts_max_siblings", "きょうだいの受入上限", "Most siblings together"},
    {"child_age_years", "児童の年齢", "Child's age"},
    {"foster_parent_id", "里親", "Foster parent"},
    // enums
    {"type_foster", "養育里親", "Foster"},
    {"type_specialized", "専門里親", "Specialized"},
    {"type_adoptive", "養子縁組里親", "Adoptive"},
    {"type_kinship", "親族里親", "Kinship"},
    {"pstatus_active", "有効", "Active"},
    {"pstatus_suspended", "一時停止", "Suspended"},
    {"pstatus_withdrawn", "登録取消", "Withdrawn"},
    {"sex_female", "女", "Female"},
    {"sex_male", "男", "Male"},
    {"cat_disability", "障害", "Disability"},
    {"cat_medical", "医療的ケア", "Medical"},
    {"cat_behavioral", "行動面の配慮", "Behavioral"},
    {"cat_infant", "乳幼児", "Infant"},
    {"kind_long_term", "長期", "Long term"},
    {"kind_short_term", "短期", "Short term"},
    {"kind_respite", "レスパイト", "Respite"},
    {"kind_temporary", "一時保護委託", "Temporary"},
    {"nstatus_open", "未決定", "Open"},
    {"nstatus_proposed", "提案中", "Proposed"},
    {"nstatus_placed", "委託済み", "Placed"},
    {"nstatus_withdrawn", "取下げ", "Withdrawn"},
    {"course_basic", "基礎研修", "Basic"},
    {"course_pre_registration", "登録前研修", "Pre-registration"},
    {"course_renewal", "更新研修", "Renewal"},
    {"course_specialized", "専門里親研修", "Specialized"},
    {"course_practical", "実地研修", "Practical"},
    {"course_other", "その他", "Other"},
    {"outcome_completed", "修了", "Completed"},
    {"outcome_partial", "一部修了", "Partial"},
    {"outcome_failed", "未修了", "Failed"},
    {"role_admin", "管理者", "Admin"},
    {"role_staff", "児童相談所職員", "Center staff"},
    {"role_agency", "フォスタリング機関", "Agency"},
    {"role_trainer", "研修事業者", "Trainer"},
};

const std::unordered_map<std::string_view, const Entry*>& Index() {
  static const auto* index = [] {
    auto* m = new std::unordered_map<std::string_view, const Entry*>;
    for (const Entry& e : kLabels) (*m)[e.key] = &e;
    return m;
  }();
  return *index;
}

Object BuildLabels(Lang lang) {
  Object o;
  for (const Entry& e : kLabels)
    o[std::string(e.key)] = std::string(lang == Lang::kJa ? e.ja : e.en);
  return o;
}

// The English exclusion names as words.
std::string ExclusionEn(std::string_view name) {
  std::string s(name);
  for (char& c : s) c = c == '_' ? ' ' : c;
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

}  // namespace

std::string Label(Lang lang, std::string_view key) {
  auto it = Index().find(key);
  if (it == Index().end()) return std::string(key);
  return std::string(lang == Lang::kJa ? it->second->ja : it->second->en);
}

const Object& Labels(Lang lang) {
  static const Object ja = BuildLabels(Lang::kJa);
  static const Object en = BuildLabels(Lang::kEn);
  return lang == Lang::kJa ? ja : en;
}

std::string EnumLabel(Lang lang, std::string_view group, std::string_view name) {
  if (group == "excl") {
    for (size_t i = 0; i < matching::kExclusionCount; ++i) {
      const auto e = static_cast<matching::Exclusion>(i);
      if (matching::ExclusionName(e) == name) {
        return lang == Lang::kJa ? std::string(matching::ExclusionLabelJa(e)) : ExclusionEn(name);
      }
    }
    return std::string(name);
  }
  std::string key(group);
  key += '_';
  key += name;
  return Index().contains(key) ? Label(lang, key) : std::string(name);
}

std::string Wareki(matching::Date date) {
  struct Era {
    std::string_view name;
    int year, month, day;  // its first day
  };
  static constexpr Era kEras[] = {{"令和", 2019, 5, 1},
                                  {"平成", 1989, 1, 8},
                                  {"昭和", 1926, 12, 25},
                                  {"大正", 1912, 7, 30},
                                  {"明治", 1868, 1, 25}};
  const Era* era = &kEras[std::size(kEras) - 1];
  for (const Era& e : kEras) {
    if (date >= matching::Date::FromYmd(e.year, e.month, e.day)) {
      era = &e;
      break;
    }
  }
  const int year = date.year() - era->year + 1;
  std::string out(era->name);
  out += year == 1 ? std::string("元") : std::to_string(year);
  out += "年" + std::to_string(date.month()) + "月" + std::to_string(date.day()) + "日";
  return out;
}

std::string FieldMessage(Lang lang, const matching::FieldError& error) {
  const std::string& m = error.message;
  if (lang == Lang::kEn) return m;
  std::smatch g;
  if (m == "is required") return "入力してください。";
  if (m == "must match the password") return "確認用のパスワードが一致しません。";
  if (m == "must be 12 characters or more") return "12文字以上で入力してください。";
  if (m == "must be 1 to 64 characters") return "1〜64文字で入力してください。";
  if (m == "is taken") return "このユーザー名は既に使われています。";
  if (m == "the agency role needs an agency")
    return "機関の権限にはフォスタリング機関を選んでください。";
  if (m == "only the agency role is bound to an agency") {
    return "フォスタリング機関を選べるのは機関の権限のときだけです。";
  }
  if (m.starts_with("must not be before started_on"))
    return "委託開始日より前の日付にはできません。";
  if (m == "must be a whole number") return "半角数字（整数）で入力してください。";
  if (m == "must be a date YYYY-MM-DD") return "日付をYYYY-MM-DDの形式で入力してください。";
  if (m == "must name at least one type") return "里親種別を1つ以上選んでください。";
  if (m == "must name at least one sex") return "受入可能な性別を1つ以上選んでください。";
  if (m == "must not be below accepts.age_min") return "受入年齢（下限）以上の年齢にしてください。";
  if (m == "must be after registered_on") return "登録日より後の日付にしてください。";
  if (m.starts_with("has passed")) return "過ぎた月のマッチングは実行し直せません。";
  if (m == "must be a month YYYY-MM") return "対象月をYYYY-MMの形式で入力してください。";
  if (m == "must be 1, 2 or 3") return "1・2・3のいずれかを選んでください。";
  if (m.starts_with("must be one of")) return "選択肢の中から選んでください。";
  if (m.starts_with("must be a pseudonymous reference")) {
    return "1〜64文字の半角英数字と - _ / . で入力してください（氏名は入力できません）。";
  }
  if (m.starts_with("no region has code")) return "地域を一覧から選んでください。";
  if (m.starts_with("no agency has id")) return "フォスタリング機関を一覧から選んでください。";
  if (std::regex_search(m, g, std::regex("^must be (\\d+) to (\\d+) bytes"))) {
    return "入力してください（" + g[2].str() + "バイト以内）。";
  }
  if (std::regex_search(m, g, std::regex("^must be at most (\\d+) bytes"))) {
    return g[1].str() + "バイト以内で入力してください。";
  }
  if (std::regex_search(m, g, std::regex("^must be (?:a number )?from (\\d+) to (\\d+)"))) {
    std::string out = g[1].str() + "〜" + g[2].str() + "の範囲で入力してください。";
    if (error.field == "capacity") {
      out += "（養育里親は4人まで、専門里親のみの世帯は2人まで、実子と合わせて6人まで）";
    }
    return out;
  }
  if (std::regex_search(m, g, std::regex("^cannot be below the (\\d+) children"))) {
    return "委託中の児童数（" + g[1].str() + "人）より少なくはできません。";
  }
  return "入力内容を確認してください（" + m + "）。";
}

}  // namespace fostermatch::pages
