# Your values (see "Code samples"): replace the placeholders,
# or export BASE_URL, ORG, APP and TOKEN before running this.
BASE_URL="${BASE_URL:-https://a41.chat.agora.io}"
ORG="${ORG:-your-org-name}"
APP="${APP:-your-app-name}"
TOKEN="${TOKEN:-your-app-token}"

# user1's push mode and DND in the group 12312312321
# (user/user1 instead: the app-level settings). In the
# answer, ignoreDuration is the Unix time (ms) DND ends.
curl -X GET \
  "$BASE_URL/$ORG/$APP/users/user1/notification/chatgroup/12312312321" \
  -H "Authorization: Bearer $TOKEN"
