# user1's push mode and DND in the group 12312312321
# (user/user1 instead: the app-level settings). In the
# answer, ignoreDuration is the Unix time (ms) DND ends.
curl \
  "$BASE_URL/$ORG/$APP/users/user1/notification/chatgroup/12312312321" \
  -H "Authorization: Bearer $TOKEN"
