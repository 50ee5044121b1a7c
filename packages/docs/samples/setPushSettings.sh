# App level (type user, key = user1 itself): push nothing,
# silence 21:30-08:00 daily and all pushes for 24 hours.
# One conversation: user/<peer ID> or chatgroup/<group ID>
# (ignoreInterval is valid only at the app level).
curl -X PUT \
  "$BASE_URL/$ORG/$APP/users/user1/notification/user/user1" \
  -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' \
  -d '{
    "type": "NONE",
    "ignoreInterval": "21:30-08:00",
    "ignoreDuration": 86400000
  }'
