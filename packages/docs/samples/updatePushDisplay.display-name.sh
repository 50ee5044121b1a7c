# The name shown as the sender in user1's push
# notifications: at most 100 characters.
curl -X PUT "$BASE_URL/$ORG/$APP/users/user1" \
  -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' \
  -d '{"nickname": "testuser"}'
