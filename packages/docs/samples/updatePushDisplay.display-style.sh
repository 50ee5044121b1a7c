# 1: show the sender's nickname and the message in
# user1's push notifications; 0: "Click to check" only.
# Send a number (the string "1" is accepted, deprecated).
curl -X PUT "$BASE_URL/$ORG/$APP/users/user1" \
  -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' \
  -d '{"notification_display_style": 1}'
