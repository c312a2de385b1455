#pragma once
// Every use case handler, built once over one context. The adapters (HTTP API, SignalR
// hub) call these and nothing below them.
#include "app/announce_presence.hpp"
#include "app/change_message.hpp"
#include "app/check_health.hpp"
#include "app/create_group.hpp"
#include "app/get_history.hpp"
#include "app/indicate_typing.hpp"
#include "app/join_group.hpp"
#include "app/leave_group.hpp"
#include "app/list_groups.hpp"
#include "app/list_members.hpp"
#include "app/login.hpp"
#include "app/logout.hpp"
#include "app/manage_members.hpp"
#include "app/mark_read.hpp"
#include "app/read_group_heads.hpp"
#include "app/refresh_session.hpp"
#include "app/register_user.hpp"
#include "app/search_messages.hpp"
#include "app/send_message.hpp"
#include "app/subscribe_to_group.hpp"

namespace chat {

struct UseCases {
  UseCases(UseCaseContext& context, RateLimiter::Options login_per_name,
           RateLimiter::Options login_per_address, RateLimiter::Options registrations_per_address)
      : register_user(context, registrations_per_address),
        login(context, login_per_name, login_per_address),
        refresh_session(context),
        logout(context),
        create_group(context),
        list_groups(context),
        join_group(context),
        leave_group(context),
        manage_members(context),
        list_members(context),
        send_message(context),
        change_message(context),
        get_history(context),
        search_messages(context),
        indicate_typing(context),
        mark_read(context),
        subscribe_to_group(context),
        check_health(context),
        announce_presence(context),
        read_group_heads(context) {}

  RegisterUser register_user;
  Login login;
  RefreshSession refresh_session;
  Logout logout;
  CreateGroup create_group;
  ListGroups list_groups;
  JoinGroup join_group;
  LeaveGroup leave_group;
  ManageMembers manage_members;
  ListMembers list_members;
  SendMessage send_message;
  ChangeMessage change_message;
  GetHistory get_history;
  SearchMessages search_messages;
  IndicateTyping indicate_typing;
  MarkRead mark_read;
  SubscribeToGroup subscribe_to_group;
  CheckHealth check_health;
  AnnouncePresence announce_presence;
  ReadGroupHeads read_group_heads;
};

}  // namespace chat
